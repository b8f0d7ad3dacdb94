-- Telecom statistics (the seed's system.twilio.getUser and System/Gateway/Twilio/* tags).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.

-- One row per counted Twilio event; the primary key is the idempotency gate:
-- a replayed callback fails this insert and its transaction counts nothing.
CREATE TABLE stats_events (
    kind        VARCHAR(20) NOT NULL,
    sid         VARCHAR(64) NOT NULL,
    user_id     BIGINT NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT stats_events_pk PRIMARY KEY (kind, sid)
);

-- Counters per user; user_id 0 is the "unknown" bucket (numbers not on the roster).
-- No foreign key: the unknown bucket has no user, and counts outlive a deleted user.
CREATE TABLE user_stats (
    user_id               BIGINT PRIMARY KEY,
    messages_sent         BIGINT DEFAULT 0 NOT NULL,
    messages_received     BIGINT DEFAULT 0 NOT NULL,
    calls_sent            BIGINT DEFAULT 0 NOT NULL,
    calls_received        BIGINT DEFAULT 0 NOT NULL,
    call_minutes_sent     BIGINT DEFAULT 0 NOT NULL,
    call_minutes_received BIGINT DEFAULT 0 NOT NULL
);
