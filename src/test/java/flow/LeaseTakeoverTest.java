package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/**
 * Work in flight belongs to the instance whose lease holds it: a starting instance takes over only what an expired
 * (or released) lease left, never the pending notifications of an instance that is still alive.
 */
class LeaseTakeoverTest {

    @Test
    void should_resume_only_work_whose_lease_expired_after_restart() throws Exception {
        try (CalloutApp app = CalloutApp.start(Map.of("callout.escalation.delay", "PT1H",
                "callout.escalation.poll", "200"))) {
            String n = Roster.number();
            long u = Roster.user(app, "lease-ann", n, "1234");
            Roster.roster(app, "lease-team", List.of(u), List.of("sms"));
            long alarmId = app.api("POST", "/api/alarms", Map.of("source", "lease/1", "name", "Lease",
                    "roster", "lease-team")).json().get("alarmId").asLong();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(app.phone(n).get("messages")).hasSize(1));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.api("GET", "/api/alarms/"
                    + alarmId, null).json().get("notifications").path(0).path("status").asText()).isEqualTo("delivered"));
            app.stop();

            Instant now = Instant.now();
            try (Connection c = h2(app)) {
                // the clean stop released this run's lease at once
                try (ResultSet rs = c.createStatement().executeQuery("SELECT lease_until FROM instance_leases "
                        + "WHERE owner <> 'before-v6'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(Instant.EPOCH);
                    assertThat(rs.next()).isFalse();
                }
                // two more instances: one alive (its lease runs for an hour), one that died a minute ago
                lease(c, "alive/1", now.plusSeconds(3600));
                lease(c, "dead/1", now.minusSeconds(60));
                pending(c, alarmId, u, n, 2, "LIVE", "alive/1", now.minusSeconds(120));
                pending(c, alarmId, u, n, 3, "DEAD", "dead/1", now.minusSeconds(120));
            }
            app.start();

            // the dead instance's notification is sent, the live one's is left to its owner
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode messages = app.phone(n).get("messages");
                assertThat(messages).hasSize(1);
                assertThat(messages.get(0).get("body").asText()).contains(" DEAD ");
            });
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(app.phone(n).get("messages")).hasSize(1));
            JsonNode ns = app.api("GET", "/api/alarms/" + alarmId, null).json().get("notifications");
            assertThat(ns.get(1).get("status").asText()).isEqualTo("pending");
            assertThat(ns.get(2).get("twilioSid").asText()).startsWith("SM");
            app.stop();
            try (Connection c = h2(app);
                 ResultSet rs = c.createStatement().executeQuery("SELECT ack_code, owner FROM notifications "
                         + "WHERE alarm_id = " + alarmId + " AND round_no = 2")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("owner")).isEqualTo("alive/1");
            }
        }
    }

    private static Connection h2(CalloutApp app) throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + app.dataDir().resolve("db"), "sa", "");
    }

    private static void lease(Connection c, String owner, Instant until) throws Exception {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO instance_leases (owner, lease_until, started_at) "
                + "VALUES (?, ?, ?)")) {
            st.setString(1, owner);
            st.setObject(2, until.atOffset(ZoneOffset.UTC));
            st.setObject(3, until.minusSeconds(7200).atOffset(ZoneOffset.UTC));
            st.executeUpdate();
        }
    }

    /** A notification its owner created and never handed to Twilio (as one of round {@code round}). */
    private static void pending(Connection c, long alarmId, long userId, String number, int round, String code,
                                String owner, Instant created) throws Exception {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO notifications (alarm_id, user_id, channel, "
                + "to_number, round_no, step, attempt, ack_code, status, created_at, updated_at, owner) "
                + "VALUES (?, ?, 'sms', ?, ?, 0, ?, ?, 'pending', ?, ?, ?)")) {
            st.setLong(1, alarmId);
            st.setLong(2, userId);
            st.setString(3, number);
            st.setInt(4, round);
            st.setInt(5, round);
            st.setString(6, code);
            st.setObject(7, created.atOffset(ZoneOffset.UTC));
            st.setObject(8, created.atOffset(ZoneOffset.UTC));
            st.setString(9, owner);
            st.executeUpdate();
        }
    }
}
