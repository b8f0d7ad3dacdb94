-- Add one increment to a user's counters; standard MERGE, same text on H2 2.x and PostgreSQL 15+.
MERGE INTO user_stats t
USING (SELECT CAST(:#${body.userId} AS BIGINT) AS user_id,
              CAST(:#${body.messagesSent} AS BIGINT) AS messages_sent,
              CAST(:#${body.messagesReceived} AS BIGINT) AS messages_received,
              CAST(:#${body.callsSent} AS BIGINT) AS calls_sent,
              CAST(:#${body.callsReceived} AS BIGINT) AS calls_received,
              CAST(:#${body.callMinutesSent} AS BIGINT) AS call_minutes_sent,
              CAST(:#${body.callMinutesReceived} AS BIGINT) AS call_minutes_received) s
ON t.user_id = s.user_id
WHEN MATCHED THEN UPDATE SET
    messages_sent = t.messages_sent + s.messages_sent,
    messages_received = t.messages_received + s.messages_received,
    calls_sent = t.calls_sent + s.calls_sent,
    calls_received = t.calls_received + s.calls_received,
    call_minutes_sent = t.call_minutes_sent + s.call_minutes_sent,
    call_minutes_received = t.call_minutes_received + s.call_minutes_received
WHEN NOT MATCHED THEN INSERT
    (user_id, messages_sent, messages_received, calls_sent, calls_received, call_minutes_sent, call_minutes_received)
    VALUES (s.user_id, s.messages_sent, s.messages_received, s.calls_sent, s.calls_received,
            s.call_minutes_sent, s.call_minutes_received)
