-- Idempotency gate: records (kind, sid) the first time only; 0 rows when it was counted before.
-- Standard MERGE, same text on H2 2.x and PostgreSQL 15+. Two first sightings at the same moment (two writers or
-- two instances) can still meet at the primary key: the loser fails with a duplicate key and is tried again.
MERGE INTO stats_events t
USING (SELECT CAST(:#${body.eventKind} AS VARCHAR(20)) AS kind,
              CAST(:#${body.sid} AS VARCHAR(64)) AS sid,
              CAST(:#${body.userId} AS BIGINT) AS user_id,
              CAST(:#${body.accountSid} AS VARCHAR(64)) AS account_sid,
              CAST(:#${body.minutes} AS BIGINT) AS minutes) s
ON t.kind = s.kind AND t.sid = s.sid
WHEN NOT MATCHED THEN INSERT (kind, sid, user_id, account_sid, minutes)
    VALUES (s.kind, s.sid, s.user_id, s.account_sid, s.minutes)
