-- The alarm schema (schema/alarm.schema.json) counts maxLength in code points; H2 counts a VARCHAR's length in
-- UTF-16 units, so a source of 300 emoji (600 units) passed validation and then failed the insert. Twice the
-- schema's limits holds any text the schema accepts on both H2 and PostgreSQL (which counts characters).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.
ALTER TABLE alarms ALTER COLUMN source SET DATA TYPE VARCHAR(600);
ALTER TABLE alarms ALTER COLUMN active_source SET DATA TYPE VARCHAR(600);
ALTER TABLE alarms ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE alarms ALTER COLUMN display_path SET DATA TYPE VARCHAR(600);
ALTER TABLE alarms ALTER COLUMN message SET DATA TYPE VARCHAR(4000);
ALTER TABLE alarms ALTER COLUMN event_id SET DATA TYPE VARCHAR(400);
ALTER TABLE alarm_events ALTER COLUMN event_id SET DATA TYPE VARCHAR(400);
