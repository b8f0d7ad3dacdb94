package console;

import alarm.Alarm;
import alarm.AlarmService;
import alarm.AlarmStore;
import audit.AuditLog;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import twiml.AckOutcome;
import web.ApiException;

/** The board's reads and its one-click actions, each done as the signed-in user and audited with their name. */
public final class ConsoleAlarms {

    private final AlarmService alarms;
    private final AlarmStore store;
    private final AuditLog audit;
    private final Jdbi jdbi;
    private final db.GroupCommit writes;
    private final Clock clock;

    public ConsoleAlarms(AlarmService alarms, AlarmStore store, AuditLog audit, Jdbi jdbi, db.GroupCommit writes,
                         Clock clock) {
        this.alarms = alarms;
        this.store = store;
        this.audit = audit;
        this.jdbi = jdbi;
        this.writes = writes;
        this.clock = clock;
    }

    /** The latest 500 alarms, every state, newest first, with the users' names for the board. */
    public Map<String, Object> board() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alarms", store.list(null, 500));
        out.put("users", usernames());
        return out;
    }

    /** One alarm with its notifications and every audit entry about it, oldest first. */
    public Map<String, Object> timeline(long id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alarm", alarms.alarm(id));
        out.put("events", audit.query(null, id, 1000));
        out.put("users", usernames());
        return out;
    }

    public Map<String, Object> acknowledge(long id, Session s) {
        AckOutcome outcome = alarms.acknowledge(id, s.userId(), "console");
        if (outcome == AckOutcome.NOT_FOUND) {
            throw ApiException.notFound("no alarm " + id);
        }
        audit.record("console-ack", id, s.userId(), "console", outcome.name().toLowerCase(), "by " + s.username());
        return result(id, outcome.name().toLowerCase());
    }

    /** Makes the alarm's next escalation step due now (the escalation poll sends it within a second). */
    public Map<String, Object> escalate(long id, Session s) {
        alarms.alarm(id);
        int n = writes.inTransaction(h -> h.createUpdate("UPDATE escalations SET next_at = :now WHERE alarm_id = :a "
                + "AND state = 'running'").bind("now", AlarmStore.ts(clock.instant())).bind("a", id).execute());
        if (n == 0) {
            throw ApiException.conflict("id", "alarm " + id + " is not escalating (acknowledged, cleared or exhausted)");
        }
        audit.record("console-escalate", id, s.userId(), "console", "escalated", "by " + s.username());
        return result(id, "escalated");
    }

    /** The cleared event the intake route takes for this alarm (clearing goes through the one intake path). */
    public String clearEvent(long id) {
        Alarm a = alarms.alarm(id);
        if (a.clearedAt() != null || "cleared".equals(a.state())) {
            throw ApiException.conflict("id", "alarm " + id + " is already cleared");
        }
        Map<String, Object> e = new HashMap<>();
        e.put("source", a.source());
        e.put("name", a.name());
        e.put("state", "cleared");
        try {
            return web.Json.MAPPER.writeValueAsString(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    public Map<String, Object> cleared(long id, Session s) {
        audit.record("console-clear", id, s.userId(), "console", "cleared", "by " + s.username());
        return result(id, "cleared");
    }

    private Map<String, Object> result(long id, String outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alarmId", id);
        out.put("outcome", outcome);
        out.put("alarm", alarms.alarm(id));
        return out;
    }

    private Map<Long, String> usernames() {
        Map<Long, String> m = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, username FROM users")
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2))).forEach(e -> m.put(e.getKey(), e.getValue())));
        return m;
    }

    public List<Map<String, Object>> audit(String since, String alarmId, String kind, String limit) {
        List<Map<String, Object>> rows = new audit.AuditApi(audit).query(since, alarmId, limit == null ? "1000" : limit);
        return kind == null || kind.isBlank() ? rows
                : rows.stream().filter(r -> String.valueOf(r.get("kind")).startsWith(kind)).toList();
    }
}
