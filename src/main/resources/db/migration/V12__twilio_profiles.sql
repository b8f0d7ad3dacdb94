-- Named Twilio profiles: a roster names the profile its notifications go out on (NULL: the default profile), and
-- every counted event keeps the account it came from (and its call minutes) for statistics per profile.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.
ALTER TABLE rosters ADD COLUMN profile VARCHAR(50);
ALTER TABLE stats_events ADD COLUMN account_sid VARCHAR(64);
ALTER TABLE stats_events ADD COLUMN minutes BIGINT DEFAULT 0 NOT NULL;
