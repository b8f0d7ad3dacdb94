package db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: every durable write of the alarm pipeline (intake, escalation steps, notification outcomes, audit)
 * is a unit of work handed to a few writer threads, which run whatever has queued up in one transaction, each unit
 * inside its own savepoint, and commit once. The caller blocks until its unit is committed, so "stored before the
 * reply" still holds, but a storm of alarms costs one commit (one MVStore chunk write on H2, one WAL flush on
 * PostgreSQL) per batch instead of several per alarm.
 *
 * <p>A unit that throws is rolled back to its savepoint alone and its caller gets the exception; the others commit.
 * If the commit itself fails, each unit is run again in a transaction of its own. A unit that calls back into this
 * class (an audit entry written from inside a unit) joins the running transaction.
 */
public final class GroupCommit implements AutoCloseable {

    /** A unit of work on the batch's handle (inside a transaction; do not begin or commit). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Handle h) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final Item<?> STOP = new Item<>(h -> null);
    /** How long a writer under load waits for more units before committing, unless told otherwise. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(2);

    private final Jdbi jdbi;
    private final int maxBatch;
    private final long lingerNanos;
    private final BlockingQueue<Item<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private final ThreadLocal<Handle> current = new ThreadLocal<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong units = new AtomicLong();
    private final AtomicLong unitNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private volatile boolean closed;

    public GroupCommit(Jdbi jdbi, int writers, int maxBatch) {
        this(jdbi, writers, maxBatch, DEFAULT_LINGER);
    }

    /** {@code linger}: see {@link #linger}; zero commits whatever has queued at once. */
    public GroupCommit(Jdbi jdbi, int writers, int maxBatch, Duration linger) {
        this.jdbi = jdbi;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        for (int i = 0; i < writers; i++) {
            Thread t = new Thread(this::loop, "callout-db-writer-" + (i + 1));
            t.setDaemon(true);
            this.writers.add(t);
            t.start();
        }
    }

    /** Runs {@code work} in the next group transaction and returns its result once that is committed. */
    public <T> T inTransaction(Work<T> work) {
        Handle joined = current.get();
        if (joined != null) {
            return runNested(joined, work);
        }
        if (closed) {
            return jdbi.inTransaction(h -> runNested(h, work));
        }
        Item<T> item = new Item<>(work);
        queue.add(item);
        try {
            return item.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Like {@link #inTransaction} for work without a result. */
    public void useTransaction(VoidWork work) {
        inTransaction(h -> {
            work.run(h);
            return null;
        });
    }

    /** A unit of work without a result. */
    @FunctionalInterface
    public interface VoidWork {
        void run(Handle h) throws Exception;
    }

    /** Units handed in and not yet taken by a writer. */
    public int queued() {
        return queue.size();
    }

    /** Batches committed, units run, and nanoseconds spent running units and committing, so far. */
    public long[] counts() {
        return new long[] {batches.get(), units.get(), unitNanos.get(), commitNanos.get()};
    }

    private static <T> T runNested(Handle h, Work<T> work) {
        try {
            return work.run(h);
        } catch (Exception e) {
            throw rethrow(e);
        }
    }

    private void loop() {
        List<Item<?>> batch = new ArrayList<>(maxBatch);
        while (true) {
            batch.clear();
            try {
                Item<?> first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                linger(batch);
                if (batch.remove(STOP)) {
                    queue.add(STOP);  // for the next writer; this batch is still run
                }
                run(batch);
            } catch (InterruptedException e) {
                failAll(batch, e);
                return;
            } catch (Throwable t) {
                LOG.error("database writer failed on a batch of {}", batch.size(), t);
                failAll(batch, t);
            }
        }
    }

    /**
     * Under load (more than one unit waiting when the writer wakes), waits until the linger time after it woke
     * for the callers that are about to submit: a commit (0.7 ms of CPU on H2: an MVStore chunk with every changed
     * page) costs as much as several units, so a fuller batch is cheaper per unit. A lone unit (a quiet system) is
     * committed at once. Stopping at the first 200 µs without a new unit (as this did before) cut most lingers short
     * at 1,000 alarms/s, an intake every millisecond: 2.6 units a commit.
     */
    private void linger(List<Item<?>> batch) throws InterruptedException {
        if (batch.size() < 2 || lingerNanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Item<?> more = queue.poll(left, TimeUnit.NANOSECONDS);
            if (more == null) {
                return;
            }
            batch.add(more);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private void run(List<Item<?>> batch) {
        batches.incrementAndGet();
        units.addAndGet(batch.size());
        boolean committed = false;
        try (Handle h = jdbi.open()) {
            current.set(h);
            h.begin();
            boolean savepoints = batch.size() > 1;
            long t0 = System.nanoTime();
            for (Item<?> item : batch) {
                item.runIn(h, savepoints);
            }
            long t1 = System.nanoTime();
            h.commit();
            commitNanos.addAndGet(System.nanoTime() - t1);
            unitNanos.addAndGet(t1 - t0);
            committed = true;
        } catch (RuntimeException e) {
            LOG.warn("group commit of {} units failed ({}); running them one by one", batch.size(), e.toString());
        } finally {
            current.remove();
        }
        if (committed) {
            batch.forEach(Item::complete);
            return;
        }
        // the commit (or the connection) failed: each unit again, alone, so one cannot sink the others
        for (Item<?> item : batch) {
            try (Handle h = jdbi.open()) {
                current.set(h);
                h.begin();
                item.runIn(h, false);
                h.commit();
                item.complete();
            } catch (RuntimeException e) {
                item.fail(e);
            } finally {
                current.remove();
            }
        }
    }

    private static void failAll(List<Item<?>> batch, Throwable t) {
        for (Item<?> item : batch) {
            item.fail(t);
        }
    }

    @Override
    public void close() {
        LOG.info("group commit: {} units in {} transactions; {} ms running units, {} ms committing", units.get(),
                batches.get(), unitNanos.get() / 1_000_000, commitNanos.get() / 1_000_000);
        closed = true;
        for (int i = 0; i < writers.size(); i++) {
            queue.add(STOP);
        }
        for (Thread t : writers) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** One caller's unit: its work, and its outcome once the batch is settled. */
    private static final class Item<T> {
        private static final String SAVEPOINT = "unit";
        final Work<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        private T value;
        private Throwable error;

        Item(Work<T> work) {
            this.work = work;
        }

        /** Runs the work; its own failure is kept (and rolled back) rather than thrown. */
        void runIn(Handle h, boolean savepoint) {
            value = null;
            error = null;
            if (savepoint) {
                h.savepoint(SAVEPOINT);
            }
            try {
                value = work.run(h);
                if (savepoint) {
                    h.release(SAVEPOINT);
                }
            } catch (Exception e) {
                error = e;
                if (savepoint) {
                    // Jdbi forgets the savepoint once rolled back to it (a release now would fail, and with it the
                    // whole batch); the database drops it at commit
                    h.rollbackToSavepoint(SAVEPOINT);
                } else {
                    h.rollback();
                    h.begin();
                }
            }
        }

        void complete() {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        }

        void fail(Throwable t) {
            result.completeExceptionally(t);
        }
    }
}
