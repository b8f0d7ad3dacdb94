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
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chunk compaction and space reuse for an embedded H2 file database, which H2 leaves undone with {@code WRITE_DELAY=0}.
 *
 * <p>{@code WRITE_DELAY=0} stores every commit before the caller goes on (written to the file, so kill -9 cannot lose
 * an accepted alarm), and with it H2 starts no background writer. That writer is what rewrites chunks whose pages
 * have mostly been replaced (in 2.3.232 {@code CHECKPOINT} only commits). Without it every commit leaves a chunk
 * behind that still holds a page or two: a benchmark run of 71,000 alarms left a 4.1 GB file (4.4 * 10^9 bytes) for
 * some 60 MB of data, and the chunk table each commit rewrites in part grew with it (31% of the bytes written).
 *
 * <p>So every compaction interval (0.25 s by default) this runs H2's own compaction ({@link MVStore#compact}, up to
 * 256 KB of live pages a round, so that no one commit carries a large rewrite).
 *
 * <p><b>Space reuse.</b> Compaction alone does not bound the file: H2 overwrites a dead chunk (one no live page is
 * left in) only once it is {@code RETENTION_TIME} old (45 s by default, counted from the chunk's creation), so under
 * load the file holds some 45 s of writes (50 alarms/s: 110 MB and growing after 3 minutes, for 4 MB of data). H2
 * needs that delay because it does not fsync on commit: overwriting a chunk is only safe once the commits that
 * replaced its pages are on disk, or a power cut could leave the newest surviving chunk pointing into the
 * overwritten one. H2 guesses that the OS has written them within 45 s; the guess is counted from the dead chunk's
 * creation, so an old chunk that just died may even be overwritten at once.
 *
 * <p>With a sync interval (0.25 s by default) this makes the guess a fact instead. Each sync round it
 * <ol>
 * <li>registers a use of the store's current version {@code v} ({@link MVStore#registerVersionUsage}, the hook H2's
 * own transactions use to keep the versions they read): H2 then frees no chunk that became unused at version
 * {@code v} or later ({@code FileStore.dropUnusedChunks}: {@code unusedAtVersion < oldestVersionToKeep});
 * <li>waits for any store in progress ({@link MVStore#executeFilestoreOperation} with nothing to do takes the store
 * lock, so chunk {@code v}, whose serialization created version {@code v}, is in the file);
 * <li>fsyncs the file ({@link MVStore#sync});
 * <li>and only then releases the previous round's use.
 * </ol>
 * So a chunk H2 overwrites became unused at a version below the last synced round's {@code v}: H2 records a page
 * removed while version {@code u} was open as superseded by chunk {@code u + 1} ({@code acceptChunkOccupancyChanges}),
 * and chunks up to {@code v} are on disk. After a power cut the newest synced chunk therefore still has every chunk
 * it refers to, and H2's recovery ({@code findLastChunkWithCompleteValidChunkSet}, with a full scan when needed) finds
 * it or a newer complete one. With that guarantee in place {@code RETENTION_TIME} is set to the retention setting
 * (1 s by default; it no longer guards against power loss, only how young a chunk compaction may rewrite) and the
 * file holds about (retention + two sync intervals) of writes beside the data. With no sync interval none of this
 * happens and H2's 45 s stays. A failed sync keeps the previous use registered: nothing more is freed until a sync
 * succeeds.
 *
 * <p><b>Giving space back.</b> Space reuse bounds the file under steady load, but H2 never shortens a file with
 * {@code WRITE_DELAY=0}: after a storm it keeps the storm's length. In a round that finds the database quiet (no
 * commit since the previous round) this also runs H2's own chunk move (see {@link #shrink}), which cuts the file
 * back to about the chunks in use.
 *
 * <p>What this does not change: H2 file mode still loses up to the last sync interval of commits on a power cut or
 * OS crash (kill -9 loses nothing); a torn write inside the newest chunks is H2's own risk. PostgreSQL for more.
 *
 * <p>It checks at its first round that the database is an embedded, persistent H2 store and stops otherwise (a
 * server or in-memory URL). It never interrupts a round: an interrupted thread closes the file channel H2 shares.
 * {@link #close} gives H2 back its retention and the registered version use; it must run before the database closes
 * (H2 asserts at close that no version is in use).
 */
public final class H2Maintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Maintenance.class);
    /** H2 compacts only while the live pages fill less than this share of the chunks' space, taken all together. */
    static final int TARGET_FILL_PERCENT = 50;
    /** Live page bytes one round may rewrite. */
    static final int WRITE_LIMIT_BYTES = 256 << 10;
    /** In a quiet round: compaction packs chunks to this fill, with up to {@link #QUIET_WRITE_LIMIT_BYTES}. */
    static final int QUIET_FILL_PERCENT = 80;
    static final int QUIET_WRITE_LIMIT_BYTES = 8 << 20;
    /**
     * A quiet round packs and moves only while live pages fill less than this share of the file (the chunks' share of
     * the file times the live share of the chunks): packing to 80% chases its own rewrites (it never quite settles:
     * it kept half a core busy on an idle database when it ran in every quiet round), so it runs only while there is
     * a storm's worth of space to give back; packed and moved, live pages fill some 60-75% of the file.
     */
    static final int SHRINK_WHEN_LIVE_BELOW_PERCENT = 40;
    /** Chunks are moved towards the file's start (and the file cut) while chunks fill less than this share of it. */
    static final int SHRINK_BELOW_FILL_PERCENT = 80;
    /** Chunk bytes one quiet round may move. */
    static final long MOVE_BYTES = 128L << 20;

    private final DataSource dataSource;
    private final ScheduledExecutorService timer;
    private final long syncEveryNanos;
    /** RETENTION_TIME while a synced version is registered; H2's own is given back at close. */
    private final int retentionMillis;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    private final AtomicLong compactNanos = new AtomicLong();
    private final AtomicLong syncMaxNanos = new AtomicLong();
    private final AtomicLong moves = new AtomicLong();
    private final AtomicLong moveNanos = new AtomicLong();
    /** The store's version at the end of the last round: unchanged at the next round's start means a quiet database. */
    private long lastVersion = -1;
    /** The version use registered at the last successful sync round (null before the first). */
    private MVStore.TxCounter synced;
    /** H2's retention before this changed it (-1: not changed). */
    private int retentionBefore = -1;
    /** The store, found at the first round (a pooled connection once, not one a round). */
    private volatile MVStore store;
    private volatile long lastSync = System.nanoTime();
    private volatile boolean stopping;
    private volatile boolean failing;

    private H2Maintenance(DataSource dataSource, Duration every, Duration syncEvery, Duration retention,
            boolean scheduled) {
        this.dataSource = dataSource;
        this.syncEveryNanos = syncEvery.isZero() || syncEvery.isNegative() ? Long.MAX_VALUE : syncEvery.toNanos();
        this.retentionMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, retention.toMillis()));
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
     * Starts compaction every {@code every} (and an fsync every {@code syncEvery}, zero for none, after whose first
     * success H2's retention becomes {@code retention}) when {@code url} is an H2 URL; the first round checks it is an
     * embedded file database. Null for other databases or a zero period.
     */
    public static H2Maintenance startIfH2(String url, DataSource dataSource, Duration every, Duration syncEvery,
            Duration retention) {
        if (url == null || !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:") || every.isZero()
                || every.isNegative()) {
            return null;
        }
        return new H2Maintenance(dataSource, every, syncEvery, retention, true);
    }

    /** For tests: no timer, the caller runs {@link #runOnce}. */
    static H2Maintenance manual(DataSource dataSource, Duration syncEvery, Duration retention) {
        return new H2Maintenance(dataSource, Duration.ZERO, syncEvery, retention, false);
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
            // quiet: nothing committed since the end of the last round (this round's own rewrites do not count), and
            // the file long enough to be worth cutting back
            boolean quiet = store.getCurrentVersion() == lastVersion && store.getFileStore() instanceof RandomAccessStore f
                    && f.getFillRate() * f.getChunksFillRate() < SHRINK_WHEN_LIVE_BELOW_PERCENT * 100;
            long t0 = System.nanoTime();
            if (t0 - lastSync >= syncEveryNanos) {
                lastSync = t0;
                syncAndRelease(store);
                long took = System.nanoTime() - t0;
                syncs.incrementAndGet();
                syncNanos.addAndGet(took);
                syncMaxNanos.accumulateAndGet(took, Math::max);
            }
            long t1 = System.nanoTime();
            // under load a little at a time; in a quiet round denser and more, so that the chunks can then be moved
            if (quiet ? store.compact(QUIET_FILL_PERCENT, QUIET_WRITE_LIMIT_BYTES)
                    : store.compact(TARGET_FILL_PERCENT, WRITE_LIMIT_BYTES)) {
                compactions.incrementAndGet();
            }
            compactNanos.addAndGet(System.nanoTime() - t1);
            if (quiet) {
                shrink(store);
            }
            lastVersion = store.getCurrentVersion();
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

    /**
     * Gives space back to the file system: while the chunks fill less than {@value #SHRINK_BELOW_FILL_PERCENT}% of
     * the file (the round's compaction has packed them to {@value #QUIET_FILL_PERCENT}% live pages) (a storm's writes left it long, and H2's space reuse keeps the length), H2's own chunk move
     * ({@link RandomAccessStore#compactMoveChunks}, what its background writer does with a write delay) copies chunks
     * from the end into free space nearer the start and cuts the file after the last one in use. H2 syncs before it
     * overwrites or cuts anything, and only space of chunks it has already freed (so, with a sync interval, dead
     * before the last synced version) is written. The move holds the store lock and syncs up to three times, so it
     * runs only in a round that follows one with no commit since (a quiet database), never under load; under
     * sustained load space reuse bounds the file instead.
     */
    private void shrink(MVStore store) {
        if (!(store.getFileStore() instanceof RandomAccessStore file)) {
            return;
        }
        long before = file.size();
        long t0 = System.nanoTime();
        // drops the chunks that may be freed first, then moves only if the fill rate is still below the mark
        file.compactMoveChunks(SHRINK_BELOW_FILL_PERCENT, MOVE_BYTES, store);
        if (file.size() < before) {
            long took = System.nanoTime() - t0;
            moves.incrementAndGet();
            moveNanos.addAndGet(took);
            LOG.info("H2 file cut back from {} MB to {} MB ({} ms; the database was quiet)", before >> 20,
                    file.size() >> 20, took / 1_000_000);
        }
    }

    /**
     * Registers the current version, waits for a store in progress, fsyncs, then releases the previous round's
     * registration: H2 may then overwrite exactly the chunks that died before a version now on disk (see the class
     * comment). The first success sets the short retention.
     */
    private synchronized void syncAndRelease(MVStore store) {
        MVStore.TxCounter next = store.registerVersionUsage();
        try {
            store.executeFilestoreOperation(() -> { });
            store.sync();
        } catch (RuntimeException | Error e) {
            store.deregisterVersionUsage(next);  // the previous registration stays: nothing newer is freed
            throw e;
        }
        MVStore.TxCounter previous = synced;
        synced = next;
        if (previous == null) {
            retentionBefore = store.getRetentionTime();
            store.setRetentionTime(retentionMillis);
        } else {
            store.deregisterVersionUsage(previous);
        }
    }

    /** Gives H2 back its retention, then the registered version: from here on H2 frees chunks on its own terms. */
    private synchronized void releaseSynced() {
        MVStore store = this.store;
        MVStore.TxCounter last = synced;
        synced = null;
        if (store == null || last == null || store.isClosed()) {
            return;
        }
        if (retentionBefore >= 0) {
            store.setRetentionTime(retentionBefore);
        }
        store.deregisterVersionUsage(last);
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

    /** Rounds completed, rounds that rewrote chunks, fsyncs, and rounds that made the file shorter, so far. */
    public long[] counts() {
        return new long[] {rounds.get(), compactions.get(), syncs.get(), moves.get()};
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
        try {
            releaseSynced();
        } catch (RuntimeException e) {
            LOG.warn("H2 housekeeping: could not release its registered version", e);
        }
        LOG.info("H2 housekeeping: {} rounds, {} with compaction, {} ms compacting; {} syncs, {} ms (longest {} ms); "
                + "file cut {} times, {} ms", rounds.get(), compactions.get(), compactNanos.get() / 1_000_000, syncs.get(),
                syncNanos.get() / 1_000_000, syncMaxNanos.get() / 1_000_000, moves.get(), moveNanos.get() / 1_000_000);
    }
}
