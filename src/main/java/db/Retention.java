package db;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data retention: deletes what is older than {@code callout.retention} and no longer needed, in small transactions
 * (at most {@code batch} alarms, or audit or statistics-event rows, each) so the writers of live alarms are never held
 * up for long:
 * <ul>
 * <li>closed alarms (state {@code cleared}, cleared before the cut-off) with their notifications, escalation row,
 * eventId entries and audit rows; active and acknowledged alarms are never touched, however old;</li>
 * <li>audit rows of no alarm (rejected webhooks, wrong PINs, script errors …) or of one already deleted;</li>
 * <li>the statistics events that made replayed Twilio callbacks count once (a callback is not replayed months
 * later). The per-user counters ({@code user_stats}) are aggregates and stay.</li>
 * </ul>
 * Run by route {@code data-retention} every {@code callout.retention.interval}.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration keep;
    private final int batch;

    public Retention(Jdbi jdbi, Clock clock, Duration keep, int batch) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.keep = keep;
        this.batch = batch;
    }

    /** What one pass deleted. */
    public record Purged(int alarms, int notifications, int audit, int statsEvents) {
        int total() {
            return alarms + notifications + audit + statsEvents;
        }
    }

    /** Deletes, batch after batch, everything older than the retention; returns the counts. */
    public Purged purge() {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(clock.instant().minus(keep), ZoneOffset.UTC);
        int alarms = 0;
        int notifications = 0;
        int audit = 0;
        int stats = 0;
        int[] n;
        do {
            n = jdbi.inTransaction(h -> closedAlarms(h, cutoff));
            alarms += n[0];
            notifications += n[1];
            audit += n[2];
        } while (n[0] == batch);
        int m;
        do {
            m = jdbi.inTransaction(h -> auditOfNoAlarm(h, cutoff));
            audit += m;
        } while (m == batch);
        do {
            m = jdbi.inTransaction(h -> statsEvents(h, cutoff));
            stats += m;
        } while (m == batch);
        Purged purged = new Purged(alarms, notifications, audit, stats);
        if (purged.total() > 0) {
            LOG.info("data retention: deleted {} closed alarms, {} notifications, {} audit rows and {} statistics events "
                    + "from before {} (callout.retention={})", alarms, notifications, audit, stats, cutoff, keep);
        }
        return purged;
    }

    /** One batch of closed alarms and everything hanging on them: {alarms, notifications, audit rows}. */
    private int[] closedAlarms(Handle h, OffsetDateTime cutoff) {
        List<Long> ids = h.createQuery("SELECT id FROM alarms WHERE state = 'cleared' AND cleared_at < :cutoff "
                        + "ORDER BY id LIMIT :n")
                .bind("cutoff", cutoff).bind("n", batch).mapTo(Long.class).list();
        if (ids.isEmpty()) {
            return new int[] {0, 0, 0};
        }
        h.createUpdate("DELETE FROM escalations WHERE alarm_id IN (<ids>)").bindList("ids", ids).execute();
        int notifications = h.createUpdate("DELETE FROM notifications WHERE alarm_id IN (<ids>)")
                .bindList("ids", ids).execute();
        h.createUpdate("DELETE FROM alarm_events WHERE alarm_id IN (<ids>)").bindList("ids", ids).execute();
        int audit = h.createUpdate("DELETE FROM audit WHERE alarm_id IN (<ids>)").bindList("ids", ids).execute();
        int alarms = h.createUpdate("DELETE FROM alarms WHERE id IN (<ids>)").bindList("ids", ids).execute();
        return new int[] {alarms, notifications, audit};
    }

    private int auditOfNoAlarm(Handle h, OffsetDateTime cutoff) {
        return h.createUpdate("DELETE FROM audit WHERE id IN (SELECT id FROM audit u WHERE u.at < :cutoff AND "
                        + "(u.alarm_id IS NULL OR NOT EXISTS (SELECT 1 FROM alarms a WHERE a.id = u.alarm_id)) "
                        + "ORDER BY id LIMIT :n)")
                .bind("cutoff", cutoff).bind("n", batch).execute();
    }

    private int statsEvents(Handle h, OffsetDateTime cutoff) {
        // stats_events has a two-column key: select a batch, delete it key by key (portable, no row-value IN)
        List<Key> keys = h.createQuery("SELECT kind, sid FROM stats_events WHERE recorded_at < :cutoff "
                        + "ORDER BY recorded_at LIMIT :n")
                .bind("cutoff", cutoff).bind("n", batch)
                .map((rs, ctx) -> new Key(rs.getString(1), rs.getString(2))).list();
        if (keys.isEmpty()) {
            return 0;
        }
        PreparedBatch delete = h.prepareBatch("DELETE FROM stats_events WHERE kind = :kind AND sid = :sid");
        for (Key k : keys) {
            delete.bind("kind", k.kind()).bind("sid", k.sid()).add();
        }
        delete.execute();
        return keys.size();
    }

    private record Key(String kind, String sid) {
    }
}
