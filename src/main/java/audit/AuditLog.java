package audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit trail: who was notified, outcomes, acknowledgements, rejected webhooks, failed PINs, script errors. */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger("callout.audit");

    private final Jdbi jdbi;
    private final db.GroupCommit writes;
    private final java.time.Clock clock;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of every audit entry once it is committed (events out: see events.EventPublisher). */
    public interface Listener {
        void audited(String kind, Long alarmId, Long userId, String channel, String outcome, String detail);
    }

    public AuditLog(Jdbi jdbi, db.GroupCommit writes, java.time.Clock clock) {
        this.jdbi = jdbi;
        this.writes = writes;
        this.clock = clock;
    }

    public void listen(Listener l) {
        listeners.add(l);
    }

    /** One audit entry, committed before this returns; never throws (an audit failure must not break the flow). */
    public void record(String kind, Long alarmId, Long userId, String channel, String outcome, String detail) {
        try {
            writes.useTransaction(h -> insert(h, kind, alarmId, userId, channel, outcome, detail));
        } catch (RuntimeException e) {
            LOG.error("could not write audit entry {}", kind, e);
        }
    }

    /** One audit entry as part of the caller's transaction (a unit of {@link db.GroupCommit}). */
    public void insert(org.jdbi.v3.core.Handle h, String kind, Long alarmId, Long userId, String channel,
                       String outcome, String detail) {
        String d = detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        LOG.info("{} alarm={} user={} channel={} outcome={} {}", kind, alarmId, userId, channel, outcome,
                d == null ? "" : d);
        h.createUpdate("INSERT INTO audit (at, kind, alarm_id, user_id, channel, outcome, detail) "
                        + "VALUES (:at, :kind, :alarm, :user, :channel, :outcome, :detail)")
                .bind("at", alarm.AlarmStore.ts(clock.instant()))
                .bind("kind", kind).bind("alarm", alarmId).bind("user", userId).bind("channel", channel)
                .bind("outcome", outcome).bind("detail", d).execute();
        if (listeners.isEmpty()) {
            return;
        }
        Runnable told = () -> listeners.forEach(l -> l.audited(kind, alarmId, userId, channel, outcome, d));
        if (h.isInTransaction()) {
            h.afterCommit(told);
        } else {
            told.run();
        }
    }

    public List<Map<String, Object>> query(Instant since, Long alarmId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, at, kind, alarm_id, user_id, channel, outcome, detail "
                        + "FROM audit WHERE at >= :since " + (alarmId == null ? "" : "AND alarm_id = :alarm ")
                        + "ORDER BY id LIMIT :limit")
                .bind("since", alarm.AlarmStore.ts(since == null ? Instant.EPOCH : since))
                .bind("alarm", alarmId).bind("limit", limit)
                .map((rs, ctx) -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("at", alarm.AlarmStore.instant(rs, "at"));
                    m.put("kind", rs.getString("kind"));
                    long a = rs.getLong("alarm_id");
                    m.put("alarmId", rs.wasNull() ? null : a);
                    long u = rs.getLong("user_id");
                    m.put("userId", rs.wasNull() ? null : u);
                    m.put("channel", rs.getString("channel"));
                    m.put("outcome", rs.getString("outcome"));
                    m.put("detail", rs.getString("detail"));
                    return m;
                }).list());
    }
}
