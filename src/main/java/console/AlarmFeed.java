package console;

import alarm.AlarmService;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the board's server-sent events: while anyone watches, it looks every {@code interval} for alarms added
 * and audit entries written since the last look, and sends each changed alarm (as the API shows it) to every
 * watcher. Watching the tables rather than hooking each writer catches every change, whichever code path (or
 * instance sharing the database) made it: raised, notified, delivered, acknowledged, escalated, cleared.
 */
public final class AlarmFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("callout.console");

    /** A watcher: takes one SSE frame's JSON, answers false once it is gone. */
    public interface Watcher extends Predicate<String> {
    }

    private final Jdbi jdbi;
    private final AlarmService alarms;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private long lastAlarm = -1;
    private long lastAudit = -1;

    public AlarmFeed(Jdbi jdbi, AlarmService alarms, Duration interval) {
        this.jdbi = jdbi;
        this.alarms = alarms;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "callout-console-feed");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::look, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Adds a watcher; the first one sets where changes count from (the page loads the board after this). */
    public synchronized void watch(Watcher w) {
        if (lastAlarm < 0) {
            lastAlarm = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM alarms").mapTo(Long.class).one());
            lastAudit = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM audit").mapTo(Long.class).one());
        }
        watchers.add(w);
    }

    public void unwatch(Watcher w) {
        watchers.remove(w);
    }

    private synchronized void look() {
        try {
            if (watchers.isEmpty()) {
                lastAlarm = -1; // nobody watches: no queries; start from "now" when someone comes back
                return;
            }
            long maxAlarm = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM alarms").mapTo(Long.class).one());
            long maxAudit = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM audit").mapTo(Long.class).one());
            if (lastAlarm < 0) {
                lastAlarm = maxAlarm;
                lastAudit = maxAudit;
                return;
            }
            Set<Long> changed = new TreeSet<>();
            if (maxAlarm > lastAlarm) {
                long from = lastAlarm;
                changed.addAll(jdbi.withHandle(h -> h.createQuery("SELECT id FROM alarms WHERE id > :a AND id <= :b")
                        .bind("a", from).bind("b", maxAlarm).mapTo(Long.class).list()));
            }
            if (maxAudit > lastAudit) {
                long from = lastAudit;
                changed.addAll(jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT alarm_id FROM audit WHERE id > :a "
                        + "AND id <= :b AND alarm_id IS NOT NULL").bind("a", from).bind("b", maxAudit).mapTo(Long.class).list()));
            }
            lastAlarm = maxAlarm;
            lastAudit = maxAudit;
            for (long id : changed) {
                String json = web.Json.MAPPER.writeValueAsString(alarms.alarm(id));
                watchers.removeIf(w -> !w.test(json));
            }
        } catch (Exception e) {
            LOG.warn("console feed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
