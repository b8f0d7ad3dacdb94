package ack;

import static org.assertj.core.api.Assertions.assertThat;

import ack.PinGuard.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lockout on a real (H2) database with a clock the test moves. */
class PinGuardTest {

    /** A clock that only moves when told. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-03T03:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static int dbs;
    MovableClock clock;
    PinGuard guard;

    @BeforeEach
    void database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:pinguard" + (++dbs) + ";DB_CLOSE_DELAY=-1");
        db.Database.migrate(ds);
        clock = new MovableClock();
        guard = new PinGuard(Jdbi.create(ds), clock);
    }

    @Test
    void should_evaluate_exactly_five_wrong_pins_in_a_concurrent_burst_of_sixty_then_refuse_the_right_one()
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(60);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Verdict>> tries = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                tries.add(() -> {
                    go.await();
                    return guard.attempt(7, false);
                });
            }
            List<Future<Verdict>> futures = new ArrayList<>();
            tries.forEach(t -> futures.add(pool.submit(t)));
            go.countDown();
            List<Verdict> verdicts = new ArrayList<>();
            for (Future<Verdict> f : futures) {
                verdicts.add(f.get());
            }
            Map<Verdict, Long> counts = verdicts.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts).isEqualTo(Map.of(Verdict.WRONG, 4L, Verdict.WRONG_NOW_LOCKED, 1L, Verdict.LOCKED, 55L));
            assertThat(guard.attempt(7, true)).isEqualTo(Verdict.LOCKED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_keep_the_lock_for_fifteen_minutes_from_the_fifth_failure() {
        for (int i = 0; i < 4; i++) {
            assertThat(guard.attempt(8, false)).isEqualTo(Verdict.WRONG);
            clock.advance(Duration.ofMinutes(3));
        }
        assertThat(guard.attempt(8, false)).isEqualTo(Verdict.WRONG_NOW_LOCKED);
        // the first failure ages out of its window 3 minutes later; the lock must not end with it
        clock.advance(Duration.ofMinutes(14));
        assertThat(guard.locked(8)).isTrue();
        assertThat(guard.attempt(8, true)).isEqualTo(Verdict.LOCKED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(guard.locked(8)).isFalse();
        assertThat(guard.attempt(8, true)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void should_start_a_new_count_when_the_window_has_passed() {
        for (int i = 0; i < 4; i++) {
            assertThat(guard.attempt(9, false)).isEqualTo(Verdict.WRONG);
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(guard.attempt(9, false)).isEqualTo(Verdict.WRONG);
        assertThat(guard.locked(9)).isFalse();
    }

    @Test
    void should_clear_the_count_when_the_right_pin_comes() {
        for (int i = 0; i < 4; i++) {
            guard.attempt(10, false);
        }
        assertThat(guard.attempt(10, true)).isEqualTo(Verdict.ACCEPTED);
        for (int i = 0; i < 4; i++) {
            assertThat(guard.attempt(10, false)).isEqualTo(Verdict.WRONG);
        }
    }

    @Test
    void should_keep_users_apart() {
        for (int i = 0; i < 5; i++) {
            guard.attempt(11, false);
        }
        assertThat(guard.locked(11)).isTrue();
        assertThat(guard.attempt(12, true)).isEqualTo(Verdict.ACCEPTED);
    }
}
