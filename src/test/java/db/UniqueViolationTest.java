package db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Only a unique-key violation counts as a concurrent twin's win; a value too long is no race (it was retried 4×). */
class UniqueViolationTest {

    private final Jdbi jdbi = Jdbi.create("jdbc:h2:mem:unique-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");

    @Test
    void should_recognise_a_unique_key_violation_through_jdbi() {
        Throwable e = jdbi.withHandle(h -> {
            setUp(h);
            h.execute("INSERT INTO t (k) VALUES ('a')");
            return catchThrowable(() -> h.execute("INSERT INTO t (k) VALUES ('a')"));
        });

        assertThat(Jdbc.isUniqueViolation(e)).isTrue();
    }

    @Test
    void should_not_take_a_value_too_long_for_a_race() {
        Throwable e = jdbi.withHandle(h -> {
            setUp(h);
            return catchThrowable(() -> h.execute("INSERT INTO t (k) VALUES ('\uD83D\uDD25\uD83D\uDD25')"));
        });

        assertThat(e).isNotNull();
        assertThat(Jdbc.isUniqueViolation(e)).isFalse();
    }

    @Test
    void should_not_take_other_exceptions_for_a_race() {
        assertThat(Jdbc.isUniqueViolation(new IllegalStateException("x", new RuntimeException()))).isFalse();
        assertThat(Jdbc.isUniqueViolation(null)).isFalse();
    }

    private static void setUp(Handle h) {
        h.execute("CREATE TABLE IF NOT EXISTS t (k VARCHAR(3) UNIQUE)");
        h.execute("DELETE FROM t");
    }
}
