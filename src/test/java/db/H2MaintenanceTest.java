package db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 housekeeping on a real H2 file database with {@code WRITE_DELAY=0}: the same stream of small commits (an insert,
 * later updates of the row including a random-keyed index, an audit row: the alarm pipeline's pattern) leaves a far
 * smaller file with it than without it, and every row survives the compaction and a reopen. The test database sets
 * {@code RETENTION_TIME=100} so that chunks become old enough to compact within the test's seconds (the shipped URL
 * keeps H2's 45 s); the test thread runs the rounds itself, every 100 transactions, and syncs too.
 */
class H2MaintenanceTest {

    private static final int TRANSACTIONS = 12_000;

    @TempDir
    Path dir;

    @Test
    void should_keep_the_file_small_under_a_stream_of_commits_and_lose_nothing() throws Exception {
        long without = run(dir.resolve("plain"), false);
        long with = run(dir.resolve("maintained"), true);
        // measured: about a third (51 vs 17-19 MB, three runs on the development machine); half leaves a margin
        System.out.printf("H2MaintenanceTest: file %d bytes without housekeeping, %d with%n", without, with);
        assertThat(with).as("file bytes with housekeeping (without: %d)", without).isLessThan(without / 2);
    }

    @Test
    void should_start_only_for_h2_urls_and_stop_by_itself_on_an_in_memory_database() {
        HikariDataSource ds = pool("jdbc:h2:mem:x-" + UUID.randomUUID());
        try {
            assertThat(H2Maintenance.startIfH2("jdbc:h2:mem:x", ds, Duration.ofSeconds(1), Duration.ZERO,
                    Duration.ZERO)).isNull();
            assertThat(H2Maintenance.startIfH2("jdbc:postgresql://127.0.0.1/x", ds, Duration.ofSeconds(1),
                    Duration.ZERO, Duration.ZERO)).isNull();
            assertThat(H2Maintenance.startIfH2("jdbc:h2:file:/tmp/x", ds, Duration.ZERO, Duration.ZERO,
                    Duration.ZERO)).isNull();
            // an H2 URL that is not an embedded file database after all: the first round finds out and stops
            H2Maintenance onMemory = H2Maintenance.manual(ds, Duration.ZERO, Duration.ZERO);
            onMemory.runOnce();
            assertThat(onMemory.counts()).containsExactly(0, 0, 0, 0);
            onMemory.close();
        } finally {
            ds.close();
        }
    }

    @Test
    void should_give_a_storms_space_back_to_the_file_system_once_it_is_quiet() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("storm").resolve("db") + ";WRITE_DELAY=0";
        Path file = dir.resolve("storm").resolve("db.mv.db");
        HikariDataSource ds = pool(url);
        H2Maintenance maintenance = H2Maintenance.manual(ds, Duration.ofMillis(1), Duration.ofMillis(0));
        long peak;
        long quiet;
        try (Handle h = Jdbi.create(ds).open()) {
            createN(h);
            // a storm: every row written, then rewritten, then most of them deleted (retention), a commit each; the
            // first round registers the synced version, and none runs during the storm (as when the maintenance
            // thread gets no CPU): nothing written meanwhile can be freed, so the file grows by every commit
            maintenance.runOnce();
            for (long i = 1; i <= TRANSACTIONS; i++) {
                long id = i;
                h.useTransaction(t -> {
                    insertAndSend(t, id);
                    if (id > 1000) {
                        t.execute("DELETE FROM n WHERE id = ? AND MOD(id, 10) <> 0", id - 1000);
                    }
                });
            }
            peak = Files.size(file);
            long movesBefore = maintenance.counts()[3];
            // quiet: no commits; each round may move more
            for (int round = 0; round < 30; round++) {
                maintenance.runOnce();
            }
            quiet = Files.size(file);
            System.out.printf("H2MaintenanceTest: storm file %d bytes, after 30 quiet rounds %d (%d moves)%n", peak,
                    quiet, maintenance.counts()[3] - movesBefore);
            assertThat(maintenance.counts()[3]).as("rounds that cut the file").isGreaterThan(movesBefore);
            // once the file is dense, quiet rounds leave it alone: no compaction chasing its own rewrites
            long compactionsThen = maintenance.counts()[1];
            long cutsThen = maintenance.counts()[3];
            for (int round = 0; round < 20; round++) {
                maintenance.runOnce();
            }
            assertThat(maintenance.counts()[1]).as("rounds that compacted on a quiet, dense file")
                    .isEqualTo(compactionsThen);
            assertThat(maintenance.counts()[3]).as("cuts on a quiet, dense file").isEqualTo(cutsThen);
        } finally {
            maintenance.close();
            ds.close();
        }
        assertThat(quiet).as("file bytes once quiet (storm: %d)", peak).isLessThan(peak / 2);
        try (Handle h = Jdbi.create(url, "sa", "").open()) {
            long kept = (TRANSACTIONS - 1000) / 10 + 1000;
            assertThat(h.createQuery("SELECT COUNT(*) FROM n").mapTo(Long.class).one()).isBetween(kept - 1, kept + 1);
            assertThat(h.createQuery("SELECT id FROM n WHERE sid = ?").bind(0, sid(1230)).mapTo(Long.class).one())
                    .isEqualTo(1230L);
        }
    }

    /** Runs the commit stream, closes, reopens and checks every row; returns the file's size before the close. */
    private long run(Path where, boolean maintained) throws Exception {
        String url = "jdbc:h2:file:" + where.resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=100";
        long size;
        HikariDataSource ds = pool(url);
        H2Maintenance maintenance = maintained ? H2Maintenance.manual(ds, Duration.ofMillis(100), Duration.ofMillis(100)) : null;
        try (Handle h = Jdbi.create(ds).open()) {
            createN(h);
            h.execute("CREATE TABLE audit (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "n_id BIGINT, detail VARCHAR(100))");
            for (long i = 1; i <= TRANSACTIONS; i++) {
                long id = i;
                h.useTransaction(t -> {
                    insertAndSend(t, id);
                    if (id > 3) {
                        t.execute("INSERT INTO audit (n_id, detail) VALUES (?, ?)", id - 3, "sent " + sid(id - 3));
                    }
                });
                if (maintenance != null && id % 100 == 0) {
                    maintenance.runOnce();
                }
            }
            if (maintenance != null) {
                assertThat(maintenance.counts()[0]).as("rounds").isEqualTo(TRANSACTIONS / 100);
                assertThat(maintenance.counts()[1]).as("rounds that compacted").isPositive();
                assertThat(maintenance.counts()[2]).as("syncs").isPositive();
            }
            size = Files.size(where.resolve("db.mv.db"));
        } finally {
            if (maintenance != null) {
                maintenance.close();
            }
            ds.close();
        }
        try (Handle h = Jdbi.create(url, "sa", "").open()) {
            assertThat(h.createQuery("SELECT COUNT(*) FROM n WHERE status = 'sent' AND sid = 'SM' || id")
                    .mapTo(Long.class).one()).isEqualTo(TRANSACTIONS - 3);
            assertThat(h.createQuery("SELECT COUNT(*) FROM n WHERE status = 'pending' AND sid IS NULL")
                    .mapTo(Long.class).one()).isEqualTo(3);
            assertThat(h.createQuery("SELECT COUNT(*) FROM audit").mapTo(Long.class).one())
                    .isEqualTo(TRANSACTIONS - 3);
            assertThat(h.createQuery("SELECT id FROM n WHERE sid = ?").bind(0, sid(1234)).mapTo(Long.class).one())
                    .isEqualTo(1234L);
        }
        return size;
    }

    /** The notifications-like table of both streams: an insert, later updates including a random-keyed index. */
    private static void createN(Handle h) {
        h.execute("CREATE TABLE n (id BIGINT PRIMARY KEY, sid VARCHAR(40), status VARCHAR(20), text VARCHAR(300))");
        h.execute("CREATE INDEX n_sid ON n (sid)");
    }

    /** Row {@code id} written pending, and row {@code id - 3} (if any) marked sent with its SID. */
    private static void insertAndSend(Handle t, long id) {
        t.execute("INSERT INTO n VALUES (?, NULL, 'pending', ?)", id, "alarm " + id + " tripped at line 4");
        if (id > 3) {
            t.execute("UPDATE n SET sid = ?, status = 'sent' WHERE id = ?", sid(id - 3), id - 3);
        }
    }

    private static String sid(long id) {
        return "SM" + id;
    }

    /** A small pool on an H2 URL as user sa (also for H2SpaceReuseTest). */
    static HikariDataSource pool(String url) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername("sa");
        cfg.setPassword("");
        cfg.setMaximumPoolSize(3);
        return new HikariDataSource(cfg);
    }
}
