package db;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chunk compaction for an embedded H2 file database, which H2 leaves undone with {@code WRITE_DELAY=0}.
 *
 * <p>{@code WRITE_DELAY=0} stores every commit before the caller goes on (written to the file, so kill -9 cannot lose
 * an accepted alarm), and with it H2 starts no background writer. That writer is what rewrites chunks whose pages
 * have mostly been replaced (in 2.3.232 {@code CHECKPOINT} only commits). Without it every commit leaves a chunk
 * behind that still holds a page or two: a benchmark run of 71,000 alarms left a 4.1 GB file (4.4 * 10^9 bytes) for
 * some 60 MB of data, and the chunk table each commit rewrites in part grew with it (31% of the bytes written).
 *
 * <p>So every compaction interval (1 s by default) this runs H2's own compaction ({@link MVStore#compact}, up to
 * 256 KB of live pages a round, so that no one commit carries a large rewrite). Every 0.1 s, the rounds took 6.5 s
 * of a benchmark run (some 0.11 ms an alarm, against 1.3-1.9 ms of the process's CPU an alarm) for no gain a run of
 * minutes could show: the bound it keeps is for the long run. H2 only rewrites chunks older than the
 * database's {@code RETENTION_TIME} (45 s by default, left alone: a shorter one lets H2 reuse a chunk's space sooner,
 * which makes a power cut likelier to corrupt the file), so under a sustained storm the file holds roughly the last
 * 45 s of writes and the data, and stops growing there.
 *
 * <p>Optionally (sync interval, off by default) it also fsyncs the file: H2 does not sync on commit, so an OS crash or
 * power cut may lose what the page cache had not written yet, up to Linux's 30 s write-back. The sync shortens that
 * window; it does not make H2 file mode crash-proof (use PostgreSQL for that), and on a slow disk it holds commits up
 * to ~150 ms now and then.
 *
 * <p>It checks at its first round that the database is an embedded, persistent H2 store and stops otherwise (a
 * server or in-memory URL). It never interrupts a round: an interrupted thread closes the file channel H2 shares.
 */
public final class H2Maintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Maintenance.class);
    /** H2 compacts only while the live pages fill less than this share of the chunks' space, taken all together. */
    static final int TARGET_FILL_PERCENT = 50;
    /** Live page bytes one round may rewrite. */
    static final int WRITE_LIMIT_BYTES = 256 << 10;

    private final DataSource dataSource;
    private final ScheduledExecutorService timer;
    private final long syncEveryNanos;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    private final AtomicLong compactNanos = new AtomicLong();
    /** The store, found at the first round (a pooled connection once, not one a round). */
    private volatile MVStore store;
    private volatile long lastSync = System.nanoTime();
    private volatile boolean stopping;
    private volatile boolean failing;

    private H2Maintenance(DataSource dataSource, Duration every, Duration syncEvery, boolean scheduled) {
        this.dataSource = dataSource;
        this.syncEveryNanos = syncEvery.isZero() || syncEvery.isNegative() ? Long.MAX_VALUE : syncEvery.toNanos();
        if (!scheduled) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "callout-db-maintenance");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(this::runOnce, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts compaction every {@code every} (and an fsync every {@code syncEvery}, zero for none) when {@code url} is
     * an H2 URL; the first round checks it is an embedded file database. Null for other databases or a zero period.
     */
    public static H2Maintenance startIfH2(String url, DataSource dataSource, Duration every, Duration syncEvery) {
        if (url == null || !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:") || every.isZero()
                || every.isNegative()) {
            return null;
        }
        return new H2Maintenance(dataSource, every, syncEvery, true);
    }

    /** For tests: no timer, the caller runs {@link #runOnce}. */
    static H2Maintenance manual(DataSource dataSource, Duration syncEvery) {
        return new H2Maintenance(dataSource, Duration.ZERO, syncEvery, false);
    }

    /** One round: an fsync when the sync interval has passed, then compaction. */
    void runOnce() {
        if (stopping) {
            return;
        }
        try {
            MVStore store = this.store;
            if (store == null) {
                try (Connection c = dataSource.getConnection()) {
                    store = embeddedFileStore(c);
                }
                if (store == null) {
                    LOG.info("not an embedded H2 file database: no housekeeping");
                    stopTimer();
                    return;
                }
                this.store = store;
            }
            if (store.isClosed() || store.isReadOnly()) {
                return;
            }
            long t0 = System.nanoTime();
            if (t0 - lastSync >= syncEveryNanos) {
                store.sync();
                lastSync = t0;
                syncs.incrementAndGet();
                syncNanos.addAndGet(System.nanoTime() - t0);
            }
            long t1 = System.nanoTime();
            if (store.compact(TARGET_FILL_PERCENT, WRITE_LIMIT_BYTES)) {
                compactions.incrementAndGet();
            }
            compactNanos.addAndGet(System.nanoTime() - t1);
            rounds.incrementAndGet();
            if (failing) {
                failing = false;
                LOG.info("H2 housekeeping works again");
            }
        } catch (Throwable e) {
            // any failure (pool timeout, a closing database, an H2 assertion): logged when it starts, tried again
            if (!failing) {
                failing = true;
                LOG.warn("H2 housekeeping failed; trying again each round, logged again once it works", e);
            }
        }
    }

    private static MVStore embeddedFileStore(Connection c) throws java.sql.SQLException {
        Session session = c.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local) || !local.getDatabase().isPersistent()
                || local.getDatabase().getStore() == null) {
            return null;
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        return store.getFileStore() == null ? null : store;
    }

    /** Rounds completed, rounds that rewrote chunks, and fsyncs, so far. */
    public long[] counts() {
        return new long[] {rounds.get(), compactions.get(), syncs.get()};
    }

    private void stopTimer() {
        if (timer != null) {
            timer.shutdown();
        }
    }

    @Override
    public void close() {
        stopping = true;
        if (timer != null) {
            timer.shutdown();  // never shutdownNow: an interrupt inside H2's file I/O closes the database's channel
            try {
                if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("H2 housekeeping still running after 10 s; leaving it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("H2 housekeeping: {} rounds, {} with compaction, {} ms compacting; {} syncs, {} ms", rounds.get(),
                compactions.get(), compactNanos.get() / 1_000_000, syncs.get(), syncNanos.get() / 1_000_000);
    }
}
