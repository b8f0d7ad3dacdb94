-- Several instances on one database: every notification that is not final belongs to one Callout run (its owner),
-- and a run holds its work through one lease row, renewed while it runs. Another run takes over only the work of a
-- lease that expired (or was released at a clean stop), so no starting instance sends another's work twice.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.
CREATE TABLE instance_leases (
    owner        VARCHAR(100) PRIMARY KEY,
    lease_until  TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- NULL once the notification has a final status: the index then holds only work in flight in practice, and is
-- written when a row is created, taken over and finished, not at every status change
ALTER TABLE notifications ADD COLUMN owner VARCHAR(100);
CREATE INDEX notifications_owner_idx ON notifications (owner);

-- work left unfinished by runs before this version belongs to a run whose lease has long expired: the first run
-- to start takes it over (pending ones are sent unless Twilio has them, others are reconciled with Twilio)
INSERT INTO instance_leases (owner, lease_until, started_at)
    VALUES ('before-v6', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00:00',
            TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00:00');
UPDATE notifications SET owner = 'before-v6'
    WHERE status NOT IN ('delivered', 'undelivered', 'failed', 'completed', 'busy', 'no-answer', 'canceled', 'read');
