package db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Data retention on a migrated H2 database, the clock fixed: what is deleted, what stays, batch by batch. */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private Jdbi jdbi;
    private Retention retention;

    @BeforeEach
    void database() throws Exception {
        DataSource ds = dataSource();
        Database.migrate(ds);
        jdbi = Jdbi.create(ds);
        // batch of 2: five old closed alarms take three transactions
        retention = new Retention(jdbi, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(90), 2);
    }

    @Test
    void should_delete_closed_alarms_older_than_the_retention_with_all_their_rows() {
        for (int cleared : new int[] {100, 95, 91, 91, 91}) {
            alarm("cleared", 200, cleared);
        }

        Retention.Purged purged = retention.purge();

        assertThat(purged).isEqualTo(new Retention.Purged(5, 10, 5, 0));
        for (String table : List.of("alarms", "notifications", "escalations", "alarm_events", "audit")) {
            assertThat(count(table)).as(table).isZero();
        }
    }

    @Test
    void should_keep_active_acknowledged_and_recently_cleared_alarms_however_old() {
        long active = alarm("active", 400, -1);
        long acknowledged = alarm("acknowledged", 400, -1);
        long recent = alarm("cleared", 400, 89);

        assertThat(retention.purge()).isEqualTo(new Retention.Purged(0, 0, 0, 0));

        assertThat(list("SELECT id FROM alarms ORDER BY id", Long.class)).containsExactly(active, acknowledged, recent);
        assertThat(count("notifications")).isEqualTo(6);
        assertThat(count("audit")).isEqualTo(3);
    }

    @Test
    void should_delete_old_audit_rows_of_no_alarm_and_old_statistics_events_but_keep_the_counters() {
        audit(null, 91, "webhook-rejected");
        audit(null, 89, "webhook-rejected");
        audit(99_999L, 200, "pin-wrong");
        statsEvent("sms", "SM-old", 91);
        statsEvent("sms", "SM-new", 10);
        jdbi.useHandle(h -> h.execute("INSERT INTO user_stats (user_id, messages_sent) VALUES (1, 7)"));

        assertThat(retention.purge()).isEqualTo(new Retention.Purged(0, 0, 2, 1));

        assertThat(list("SELECT at FROM audit", OffsetDateTime.class)).extracting(OffsetDateTime::toInstant)
                .containsExactly(daysAgo(89));
        assertThat(list("SELECT sid FROM stats_events", String.class)).containsExactly("SM-new");
        assertThat(list("SELECT messages_sent FROM user_stats WHERE user_id = 1", Long.class)).containsExactly(7L);
    }

    /** An alarm received {@code receivedDaysAgo}, cleared {@code clearedDaysAgo} (-1: not cleared), with 2 rows each. */
    private long alarm(String state, int receivedDaysAgo, int clearedDaysAgo) {
        long id = jdbi.withHandle(h -> {
            String source = "site/" + UUID.randomUUID();
            long alarmId = h.createUpdate("INSERT INTO alarms (source, name, priority, state, received_at, cleared_at) "
                            + "VALUES (:s, 'n', 'High', :state, :rec, :clr)")
                    .bind("s", source).bind("state", state).bind("rec", at(daysAgo(receivedDaysAgo)))
                    .bind("clr", clearedDaysAgo < 0 ? null : at(daysAgo(clearedDaysAgo)))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            for (String channel : List.of("sms", "voice")) {
                h.createUpdate("INSERT INTO notifications (alarm_id, user_id, channel, to_number, round_no, step, "
                                + "attempt, ack_code, status, created_at, updated_at) VALUES (:a, 1, :c, '+14155550100', "
                                + "1, 1, 1, '1234', 'delivered', :t, :t)")
                        .bind("a", alarmId).bind("c", channel).bind("t", at(daysAgo(receivedDaysAgo))).execute();
            }
            h.createUpdate("INSERT INTO escalations (alarm_id, roster, round_no, step, state, version) "
                    + "VALUES (:a, 'operators', 1, 1, 'stopped', 1)").bind("a", alarmId).execute();
            h.createUpdate("INSERT INTO alarm_events (event_id, alarm_id, received_at) VALUES (:e, :a, :t)")
                    .bind("e", source).bind("a", alarmId).bind("t", at(daysAgo(receivedDaysAgo))).execute();
            return alarmId;
        });
        audit(id, receivedDaysAgo, "notification");
        return id;
    }

    private void audit(Long alarmId, int daysAgo, String kind) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO audit (at, kind, alarm_id) VALUES (:t, :k, :a)")
                .bind("t", at(daysAgo(daysAgo))).bind("k", kind).bind("a", alarmId).execute());
    }

    private void statsEvent(String kind, String sid, int daysAgo) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO stats_events (kind, sid, user_id, recorded_at) "
                + "VALUES (:k, :s, 1, :t)").bind("k", kind).bind("s", sid).bind("t", at(daysAgo(daysAgo))).execute());
    }

    /** A fresh, empty database (H2 in memory here; PostgreSQL in {@link RetentionPostgresTest}). */
    DataSource dataSource() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:retention-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private <T> List<T> list(String sql, Class<T> type) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(type).list());
    }

    private long count(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static OffsetDateTime at(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
