package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/**
 * Two instances on one PostgreSQL share one (simulated) Twilio. Instance 1 has a backlog of notifications in
 * flight, slowed by Twilio faults, when instance 2 starts: instance 2 must not send any of them (they belong to a
 * live instance), so every notification reaches the phone exactly once.
 */
class TwoInstancesTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final int ALARMS = 60;

    private String schema;

    @BeforeEach
    void createSchema() throws Exception {
        boolean up;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            up = true;
        } catch (Exception e) {
            up = false;
        }
        Assumptions.assumeTrue(up, "PostgreSQL is not listening on 127.0.0.1:5432: skipping the two-instance test");
        schema = "callout_two_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void should_not_send_another_instances_notifications_in_flight_when_starting() throws Exception {
        try (CalloutApp twilio = CalloutApp.start(Map.of())) {
            Map<String, String> shared = new HashMap<>(Map.of(
                    "callout.db.url", PG + "?currentSchema=" + schema, "callout.db.user", "postgres",
                    "callout.db.password", "",
                    "callout.twilio.account-sid", "AC00000000000000000000000000000000",
                    "callout.twilio.auth-token", "sandbox-auth-token", "callout.twilio.from-number", "+15005550006",
                    "callout.twilio.api-url", twilio.url("/sandbox/twilio"), "callout.escalation.delay", "PT1H",
                    "callout.escalation.rounds", "1", "callout.twilio.hold-retry", "PT1S"));
            Map<String, String> first = new HashMap<>(shared);
            // two at a time: a backlog builds up behind the faults
            first.put("callout.notify.concurrency", "2");
            try (CalloutApp one = CalloutApp.start(first)) {
                String n = Roster.number();
                long u = Roster.user(one, "two-ann", n, "1234");
                Roster.roster(one, "two-team", List.of(u), List.of("sms"));
                twilio.send("PUT", "/sandbox/faults", Map.of("rate", 1.0, "status", 429), Map.of());
                List<Map<String, Object>> alarms = new ArrayList<>();
                for (int i = 0; i < ALARMS; i++) {
                    alarms.add(Map.of("source", "two/" + i, "name", "Backlog " + i, "roster", "two-team"));
                }
                assertThat(one.api("POST", "/api/alarms", alarms).status()).isEqualTo(202);

                try (CalloutApp two = CalloutApp.start(shared)) {
                    // instance 2 has looked for work to take over (at 0.5 s, then every second) before Twilio is back
                    await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
                    twilio.send("PUT", "/sandbox/faults", Map.of("rate", 0, "status", 429), Map.of());

                    await().atMost(Duration.ofSeconds(120)).until(() -> inFlight() == 0);
                    // late copies, if any, have time to arrive
                    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
                    JsonNode messages = twilio.phone(n).get("messages");
                    Map<String, Integer> perBody = new HashMap<>();
                    messages.forEach(m -> perBody.merge(m.get("body").asText(), 1, Integer::sum));
                    long doubled = perBody.values().stream().filter(c -> c > 1).count();
                    System.out.println("two instances: " + messages.size() + " messages for " + ALARMS
                            + " notifications, " + doubled + " sent more than once");
                    assertThat(doubled).isZero();
                    assertThat(perBody).hasSize(ALARMS);
                    assertThat(messages).hasSize(ALARMS);
                }
            }
        }
    }

    /** Notifications not yet handed to Twilio (pending, or held while Twilio refused). */
    private int inFlight() throws Exception {
        try (Connection c = DriverManager.getConnection(PG + "?currentSchema=" + schema, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM notifications "
                     + "WHERE status IN ('pending', 'held')")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
