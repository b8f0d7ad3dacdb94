package db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import support.CalloutApp;

/** Route data-retention in the running app deletes an alarm closed before the retention, keeps an active one. */
class RetentionRouteTest {

    @Test
    void should_delete_an_old_closed_alarm_and_keep_an_old_active_one() {
        try (CalloutApp app = CalloutApp.start(Map.of("callout.retention", "P90D",
                "callout.retention.interval", "PT0.5S"))) {
            Jdbi jdbi = app.context().getRegistry().lookupByNameAndType("jdbi", Jdbi.class);
            OffsetDateTime old = OffsetDateTime.now(ZoneOffset.UTC).minusDays(91);
            long closed = insert(jdbi, "cleared", old);
            long active = insert(jdbi, "active", old);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ids(jdbi, closed, active))
                    .containsExactly(active));
            assertThat(app.context().getRoute("data-retention")).isNotNull();
        }
    }

    private static List<Long> ids(Jdbi jdbi, long a, long b) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM alarms WHERE id IN (:a, :b) ORDER BY id")
                .bind("a", a).bind("b", b).mapTo(Long.class).list());
    }

    private static long insert(Jdbi jdbi, String state, OffsetDateTime at) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO alarms (source, name, priority, state, received_at, "
                        + "cleared_at) VALUES (:s, 'n', 'High', :state, :t, :c)")
                .bind("s", "retention/" + state).bind("state", state).bind("t", at)
                .bind("c", "cleared".equals(state) ? at : null)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }
}
