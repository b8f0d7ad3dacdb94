package heartbeat;

import alarm.AlarmStore;
import alarm.Priority;
import audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import web.ApiException;

/**
 * Heartbeats (dead man's switches). No beat within the interval raises the alarm
 * {@code {"source":"heartbeat/<name>","name":"Heartbeat lost: <name>"}} through the intake, once: its eventId names
 * the missed deadline, so a check repeated after a crash or on a second instance is a duplicate. The next beat
 * clears it. The intake itself is the caller's (a route): this class only says what to raise and clear.
 */
public final class HeartbeatService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;
    private final Predicate<String> rosterExists;

    public HeartbeatService(Jdbi jdbi, AuditLog audit, Clock clock, Predicate<String> rosterExists) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
        this.rosterExists = rosterExists;
    }

    /** What a beat did: the heartbeat now, and the clear event of its lost alarm (null when it was not lost). */
    public record Beat(Heartbeat heartbeat, String clear) {
    }

    /** A missed deadline: the alarm to raise, and what {@link #markLost} needs. */
    public record Lost(long id, Instant deadline, String payload, String clear) {
    }

    public Heartbeat create(HeartbeatInput in) {
        if (in == null) {
            throw ApiException.badRequest(null, "a JSON object is required");
        }
        if (in.name() == null || !NAME.matcher(in.name()).matches()) {
            throw ApiException.badRequest("name", "name is required: letters, digits, '.', '_' or '-', at most 100");
        }
        Duration interval = web.Durations.parse("interval", in.interval(), false);
        if (in.roster() != null && !rosterExists.test(in.roster())) {
            throw ApiException.badRequest("roster", "no roster '" + in.roster() + "'");
        }
        Priority priority;
        try {
            priority = in.priority() == null ? Priority.Critical : Priority.parse(in.priority());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("priority", "priority must be Diagnostic, Low, Medium, High or Critical");
        }
        Instant now = clock.instant();
        try {
            long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO heartbeats (name, interval_ms, roster, "
                            + "priority, state, deadline_at, created_at) VALUES (:n, :i, :r, :p, 'ok', :due, :now)")
                    .bind("n", in.name()).bind("i", interval.toMillis()).bind("r", in.roster())
                    .bind("p", priority.name()).bind("due", AlarmStore.ts(now.plus(interval)))
                    .bind("now", AlarmStore.ts(now))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            return heartbeat(id);
        } catch (UnableToExecuteStatementException e) {
            throw ApiException.conflict("name", "heartbeat '" + in.name() + "' exists");
        }
    }

    public List<Heartbeat> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM heartbeats ORDER BY id").map((rs, ctx) -> map(rs))
                .list());
    }

    public Heartbeat heartbeat(long id) {
        return jdbi.withHandle(h -> find(h, id)).orElseThrow(() -> ApiException.notFound("no heartbeat " + id));
    }

    public void delete(long id) {
        if (jdbi.withHandle(h -> h.createUpdate("DELETE FROM heartbeats WHERE id = :id").bind("id", id).execute()) == 0) {
            throw ApiException.notFound("no heartbeat " + id);
        }
    }

    /** A beat over the API: 404 for an unknown id. */
    public Beat beat(long id) {
        return jdbi.inTransaction(h -> beat(h, find(h, id).orElseThrow(() -> ApiException.notFound("no heartbeat " + id))));
    }

    /**
     * A beat from MQTT topic {@code callout/heartbeats/<name>} (the last segment names it); null for a name no
     * heartbeat has (audited, so a misspelt sender is visible).
     */
    public Beat beatByTopic(String topic) {
        String name = topic == null ? "" : topic.substring(topic.lastIndexOf('/') + 1);
        Beat beat = jdbi.inTransaction(h -> h.createQuery("SELECT * FROM heartbeats WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> map(rs)).findOne().map(hb -> beat(h, hb)).orElse(null));
        if (beat == null) {
            audit.record("heartbeat-unknown", null, null, "mqtt", "ignored", "beat on " + topic + ": no heartbeat '"
                    + name + "'");
        }
        return beat;
    }

    private Beat beat(Handle h, Heartbeat hb) {
        Instant now = clock.instant();
        h.createUpdate("UPDATE heartbeats SET last_beat_at = :now, deadline_at = :due, state = 'ok' WHERE id = :id")
                .bind("now", AlarmStore.ts(now)).bind("due", AlarmStore.ts(now.plus(Duration.parse(hb.interval()))))
                .bind("id", hb.id()).execute();
        Heartbeat after = find(h, hb.id()).orElseThrow();
        if (!"lost".equals(hb.state())) {
            return new Beat(after, null);
        }
        audit.insert(h, "heartbeat-back", null, null, null, "ok", hb.name() + " beats again: clearing its alarm");
        return new Beat(after, clearPayload(hb));
    }

    /** Heartbeats whose deadline passed without a beat, each with its lost alarm (not yet marked lost). */
    public List<Lost> due() {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM heartbeats WHERE state = 'ok' AND deadline_at <= :now "
                        + "ORDER BY deadline_at").bind("now", AlarmStore.ts(now)).map((rs, ctx) -> map(rs)).list())
                .stream().map(hb -> new Lost(hb.id(), hb.dueBy(), lostPayload(hb), clearPayload(hb))).toList();
    }

    /**
     * After its alarm went to the intake: the heartbeat is lost. When a beat came in between (the deadline
     * moved), the alarm just raised is stale: its clear event is returned for the intake, else null.
     */
    public String markLost(Lost lost) {
        int n = jdbi.withHandle(h -> h.createUpdate("UPDATE heartbeats SET state = 'lost' WHERE id = :id "
                        + "AND state = 'ok' AND deadline_at = :due")
                .bind("id", lost.id()).bind("due", AlarmStore.ts(lost.deadline())).execute());
        if (n == 1) {
            audit.record("heartbeat-lost", null, null, null, "lost", "no beat by " + lost.deadline());
            return null;
        }
        boolean stillThere = jdbi.withHandle(h -> find(h, lost.id()).isPresent());
        return stillThere ? lost.clear() : null;
    }

    private static String lostPayload(Heartbeat hb) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", hb.source());
        m.put("name", "Heartbeat lost: " + hb.name());
        m.put("priority", hb.priority());
        m.put("message", "No beat from " + hb.name() + " within " + hb.interval() + " (due by " + hb.dueBy() + ")");
        if (hb.roster() != null) {
            m.put("roster", hb.roster());
        }
        // one alarm per missed deadline, however often the check runs or on how many instances
        m.put("eventId", "heartbeat-" + hb.id() + "-lost-" + hb.dueBy().toEpochMilli());
        return json(m);
    }

    private static String clearPayload(Heartbeat hb) {
        return json(Map.of("source", hb.source(), "name", "Heartbeat lost: " + hb.name(), "state", "cleared"));
    }

    private static String json(Map<String, Object> m) {
        try {
            return web.Json.MAPPER.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Heartbeat> find(Handle h, long id) {
        return h.createQuery("SELECT * FROM heartbeats WHERE id = :id").bind("id", id).map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static Heartbeat map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Heartbeat(rs.getLong("id"), rs.getString("name"), Duration.ofMillis(rs.getLong("interval_ms")).toString(),
                rs.getString("roster"), rs.getString("priority"), rs.getString("state"),
                AlarmStore.instant(rs, "last_beat_at"), AlarmStore.instant(rs, "deadline_at"));
    }
}
