-- Idempotency gate: fails with a duplicate key when (kind, sid) was counted already.
INSERT INTO stats_events (kind, sid, user_id)
VALUES (:#${body.eventKind}, :#${body.sid}, :#${body.userId})
