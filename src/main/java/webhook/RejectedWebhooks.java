package webhook;

import audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejected webhooks, bounded: what an unauthenticated caller can make Callout write does not grow with what it sends.
 * Every rejection counts in the metric; the database gets one {@code webhook_rejections} row per source address and
 * minute (counts added every {@link #FLUSH_SECONDS} s), the audit and the log one entry for the first rejection of
 * each address, minute and reason, at most {@link #MAX_SOURCES} addresses a minute (the rest count as "other").
 */
public final class RejectedWebhooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedWebhooks.class);
    static final int FLUSH_SECONDS = 5;
    static final int MAX_SOURCES = 1000;
    static final String OTHER = "other";

    private record Key(String source, Instant minute) {
    }

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Consumer<String> metric;
    private final Clock clock;
    private final ScheduledExecutorService flusher;
    private volatile Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<Key, String> reasons = new ConcurrentHashMap<>();
    private final Set<String> firstSeen = ConcurrentHashMap.newKeySet();

    public RejectedWebhooks(Jdbi jdbi, AuditLog audit, Consumer<String> metric, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.metric = metric;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "callout-rejected-webhooks");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    /** One rejected webhook from {@code source} (the socket's address, never a header) for {@code reason}. */
    public void rejected(String source, String reason, String path) {
        metric.accept(reason);
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Map<Key, LongAdder> now = counts;
        Key key = new Key(source == null ? OTHER : source, minute);
        if (!now.containsKey(key) && distinctSources(now, minute) >= MAX_SOURCES) {
            key = new Key(OTHER, minute);
        }
        now.computeIfAbsent(key, k -> new LongAdder()).increment();
        reasons.putIfAbsent(key, reason);
        if (firstSeen.add(key.source() + " " + minute + " " + reason)) {
            LOG.warn("Rejected webhook from {} on {}: {} (further ones from {} this minute are only counted)",
                    key.source(), path, reason, key.source());
            audit.record("webhook-rejected", null, null, null, "403",
                    reason + " on " + path + " from " + key.source() + "; this minute's count: webhook_rejections");
        }
    }

    private static long distinctSources(Map<Key, LongAdder> map, Instant minute) {
        return map.keySet().stream().filter(k -> k.minute().equals(minute)).count();
    }

    /** Adds the counts so far to {@code webhook_rejections} (one row per address and minute). */
    public synchronized void flush() {
        Map<Key, LongAdder> done = counts;
        counts = new ConcurrentHashMap<>();
        Instant thisMinute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        firstSeen.removeIf(s -> !s.contains(" " + thisMinute + " "));
        for (Map.Entry<Key, LongAdder> e : done.entrySet()) {
            Key k = e.getKey();
            long n = e.getValue().sum();
            String reason = reasons.remove(k);
            jdbi.useTransaction(h -> {
                int updated = h.createUpdate("UPDATE webhook_rejections SET rejected = rejected + :n "
                                + "WHERE source_addr = :s AND minute_start = :m")
                        .bind("n", n).bind("s", k.source()).bind("m", alarm.AlarmStore.ts(k.minute())).execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO webhook_rejections (source_addr, minute_start, rejected, reason) "
                                    + "VALUES (:s, :m, :n, :r)")
                            .bind("s", k.source()).bind("m", alarm.AlarmStore.ts(k.minute())).bind("n", n)
                            .bind("r", reason == null ? null : reason.length() > 100 ? reason.substring(0, 100) : reason)
                            .execute();
                }
            });
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("could not write rejected-webhook counts", e);
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        flushQuietly();
    }
}
