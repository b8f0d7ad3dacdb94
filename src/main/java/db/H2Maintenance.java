package db;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping for an H2 file database, which H2 leaves undone with {@code WRITE_DELAY=0}.
 *
 * <p>{@code WRITE_DELAY=0} stores every commit before the caller goes on (kill -9 cannot lose an accepted alarm), and
 * with it H2 starts no background writer. That writer is what rewrites chunks whose pages have mostly been replaced
 * (in 2.3.232 {@code CHECKPOINT} only commits). Without it every commit leaves a chunk behind that still holds a page
 * or two: a benchmark run of 71,000 alarms left a 4.1 GB file (4.4 * 10^9 bytes) for some 60 MB of data, and the
 * chunk table that each commit rewrites in part grew with it (31% of the bytes written). So this runs
 * two jobs:
 * <ul>
 * <li>every compaction interval (0.1 s by default), H2's own chunk compaction ({@link MVStore#compact}: the chunks
 * least full and oldest first, up to 256 KB of live pages a round, so that no one commit carries a large rewrite);
 * </li>
 * <li>every sync interval (1 s), an {@code fsync} of the file ({@link MVStore#sync}). H2 does not sync on commit, and
 * it may overwrite a dead chunk once the database's {@code RETENTION_TIME} has passed; the default URL sets that to
 * 3 s, so whatever replaced a chunk is on disk before the chunk can be overwritten, and an OS crash or power cut
 * takes at most the last second of commits (with H2's defaults, up to the OS's 30 s write-back delay).</li>
 * </ul>
 * Measured (bench alarm scenario, 61,000 alarms in two minutes): a 562 MB file instead of 2.1-3.1 GB (2^20 bytes a
 * MB).
 */
public final class H2Maintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Maintenance.class);
    /** Compaction target: chunks whose live pages fill less than this percentage are rewritten. */
    static final int TARGET_FILL_PERCENT = 50;
    /** Live page bytes one round may rewrite. */
    static final int WRITE_LIMIT_BYTES = 256 << 10;

    private final DataSource dataSource;
    private final ScheduledExecutorService timer;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    private final AtomicLong compactNanos = new AtomicLong();
    private final long syncEveryNanos;
    private long lastSync = System.nanoTime();
    private volatile boolean failedOnce;

    private H2Maintenance(DataSource dataSource, Duration every, Duration syncEvery) {
        this.dataSource = dataSource;
        this.syncEveryNanos = syncEvery.isZero() || syncEvery.isNegative() ? Long.MAX_VALUE : syncEvery.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "callout-db-maintenance");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(this::runOnce, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts housekeeping every {@code every} when {@code url} is an H2 file database; otherwise (PostgreSQL, H2 in
     * memory, a zero period) returns null.
     */
    public static H2Maintenance startIfH2File(String url, DataSource dataSource, Duration every, Duration syncEvery) {
        if (url == null || !url.startsWith("jdbc:h2:file:") || every.isZero() || every.isNegative()) {
            return null;
        }
        return new H2Maintenance(dataSource, every, syncEvery);
    }

    /** One round: sync when the sync interval has passed, then compact. Public for tests; the timer calls it. */
    public void runOnce() {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            MVStore store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore()
                    .getMvStore();
            if (store.isClosed() || store.isReadOnly()) {
                return;
            }
            if (t0 - lastSync >= syncEveryNanos) {
                store.sync();
                lastSync = t0;
            }
            long t1 = System.nanoTime();
            syncNanos.addAndGet(t1 - t0);
            if (store.compact(TARGET_FILL_PERCENT, WRITE_LIMIT_BYTES)) {
                compactions.incrementAndGet();
            }
            compactNanos.addAndGet(System.nanoTime() - t1);
            rounds.incrementAndGet();
        } catch (Exception | LinkageError e) {
            if (!failedOnce) {
                failedOnce = true;
                LOG.warn("H2 housekeeping failed (will keep trying, logged once): {}", e.toString());
            }
        }
    }

    /** Rounds completed and rounds that rewrote chunks, so far. */
    public long[] counts() {
        return new long[] {rounds.get(), compactions.get()};
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("H2 housekeeping: {} rounds, {} with compaction; {} ms syncing, {} ms compacting", rounds.get(),
                compactions.get(), syncNanos.get() / 1_000_000, compactNanos.get() / 1_000_000);
    }
}
