-- notifications_alarm_idx (alarm_id) duplicated what notifications_step_uq (alarm_id, round_no, step, channel)
-- already serves by its leading column, and on H2 also the index H2 creates for the alarm_id foreign key. Each
-- notification row kept it up to date for nothing: one more B-tree written per commit.
DROP INDEX notifications_alarm_idx;
