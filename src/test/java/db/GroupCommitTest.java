package db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Group commit on a real H2 database: batching, one unit's failure isolated, nesting, result and error delivery. */
class GroupCommitTest {

    private Jdbi jdbi;
    private GroupCommit writes;
    private org.jdbi.v3.core.Handle keepAlive;

    @BeforeEach
    void open() {
        jdbi = Jdbi.create("jdbc:h2:mem:gc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        keepAlive = jdbi.open();
        keepAlive.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
        writes = new GroupCommit(jdbi, 1, 64);
    }

    @AfterEach
    void close() {
        writes.close();
        keepAlive.close();
    }

    @Test
    void should_let_units_arriving_while_it_lingers_join_the_batch_and_commit_at_once_without_linger()
            throws Exception {
        assertThat(batchesFor(Duration.ofSeconds(1))).isEqualTo(2);
        assertThat(batchesFor(Duration.ZERO)).isEqualTo(3);
    }

    /**
     * A blocker keeps the writer busy while A and B queue up; once it is done the writer wakes with two units
     * waiting (under load) and takes them, and only then does C come. Returns the transactions the four units took.
     */
    private long batchesFor(Duration linger) throws Exception {
        GroupCommit own = new GroupCommit(jdbi, 1, 64, linger);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            done.add(pool.submit(() -> own.useTransaction(h -> {
                started.countDown();
                release.await();
            })));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            done.add(pool.submit(() -> own.useTransaction(h -> h.execute("SELECT 1"))));
            done.add(pool.submit(() -> own.useTransaction(h -> h.execute("SELECT 2"))));
            await().atMost(Duration.ofSeconds(5)).until(() -> own.queued() == 2);
            release.countDown();
            // the writer has taken A and B: with a linger it is waiting for more, without one they are committing
            await().atMost(Duration.ofSeconds(5)).until(() -> own.queued() == 0);
            done.add(pool.submit(() -> own.useTransaction(h -> h.execute("SELECT 3"))));
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(own.counts()[1]).isEqualTo(4);
            return own.counts()[0];
        } finally {
            pool.shutdownNow();
            own.close();
        }
    }

    @Test
    void should_return_each_units_result_after_commit() {
        int rows = writes.inTransaction(h -> h.execute("INSERT INTO t VALUES (1, 'a')"));
        assertThat(rows).isEqualTo(1);
        // committed: another connection sees it
        assertThat(keepAlive.createQuery("SELECT v FROM t WHERE id = 1").mapTo(String.class).one()).isEqualTo("a");
    }

    @Test
    void should_commit_concurrent_units_in_fewer_transactions_and_isolate_a_failing_one() throws Exception {
        int n = 200;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        support.LogCapture log = new support.LogCapture();
        try {
            for (int i = 0; i < n; i++) {
                int id = i;
                done.add(pool.submit(() -> {
                    go.await();
                    // unit 7 fails on a duplicate key after its own first insert: only it is rolled back
                    return writes.inTransaction(h -> {
                        h.execute("INSERT INTO t VALUES (?, 'x')", id);
                        if (id == 7) {
                            h.execute("INSERT INTO t VALUES (?, 'dup')", id);
                        }
                        return id;
                    });
                }));
            }
            go.countDown();
            int failed = 0;
            for (int i = 0; i < n; i++) {
                try {
                    assertThat(done.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(i).isEqualTo(7);
                    assertThat(e.getCause()).isInstanceOf(UnableToExecuteStatementException.class);
                    failed++;
                }
            }
            assertThat(failed).isEqualTo(1);
            // the failing unit is rolled back inside its batch: the batch is not run again unit by unit
            assertThat(log.text()).doesNotContain("running them one by one");
        } finally {
            log.close();
            pool.shutdownNow();
        }
        assertThat(keepAlive.createQuery("SELECT COUNT(*) FROM t").mapTo(Integer.class).one()).isEqualTo(n - 1);
        assertThat(keepAlive.createQuery("SELECT COUNT(*) FROM t WHERE id = 7").mapTo(Integer.class).one()).isZero();
        long[] counts = writes.counts();
        assertThat(counts[1]).isEqualTo(n);
        assertThat(counts[0]).as("transactions for %d units", n).isLessThan(n);
    }

    @Test
    void should_join_the_running_transaction_when_a_unit_calls_back() {
        String v = writes.inTransaction(h -> {
            h.execute("INSERT INTO t VALUES (1, 'outer')");
            // an audit entry written from inside a unit: same transaction, no deadlock on the one writer
            writes.useTransaction(inner -> inner.execute("INSERT INTO t VALUES (2, 'inner')"));
            return h.createQuery("SELECT v FROM t WHERE id = 2").mapTo(String.class).one();
        });
        assertThat(v).isEqualTo("inner");
    }

    @Test
    void should_roll_back_a_lone_failing_unit_and_keep_working() {
        assertThatThrownBy(() -> writes.useTransaction(h -> {
            h.execute("INSERT INTO t VALUES (1, 'gone')");
            throw new IllegalArgumentException("boom");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        assertThat(keepAlive.createQuery("SELECT COUNT(*) FROM t").mapTo(Integer.class).one()).isZero();
        writes.useTransaction(h -> h.execute("INSERT INTO t VALUES (1, 'kept')"));
        assertThat(keepAlive.createQuery("SELECT v FROM t").mapTo(String.class).one()).isEqualTo("kept");
    }

    @Test
    void should_still_write_after_close() {
        writes.close();
        writes.useTransaction(h -> h.execute("INSERT INTO t VALUES (1, 'late')"));
        assertThat(keepAlive.createQuery("SELECT v FROM t").mapTo(String.class).one()).isEqualTo("late");
    }
}
