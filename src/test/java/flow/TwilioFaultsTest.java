package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/**
 * Twilio throttling and failures: retried with backoff; Twilio's own trouble that outlasts the retries holds the
 * notification (retried, Twilio reported down), a request Twilio rejects is recorded failed and escalates.
 */
class TwilioFaultsTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.delay", "PT1H", "callout.escalation.rounds", "1",
                "callout.twilio.retries", "3", "callout.twilio.hold-retry", "PT1S"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void noFaults() {
        app.send("PUT", "/sandbox/faults", Map.of("rate", 0, "status", 429), Map.of());
    }

    @Test
    void should_deliver_every_notification_despite_throttling() {
        List<String> numbers = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String n = Roster.number();
            numbers.add(n);
            long u = Roster.user(app, "throttle-" + i, n, "1234");
            Roster.roster(app, "throttle-" + i, List.of(u), List.of("sms"));
        }
        app.send("PUT", "/sandbox/faults", Map.of("rate", 0.4, "status", 429), Map.of());
        for (int i = 0; i < 10; i++) {
            ids.add(app.api("POST", "/api/alarms", Map.of("source", "throttle/" + i, "name", "T",
                    "roster", "throttle-" + i)).json().get("alarmId").asLong());
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String n : numbers) {
                assertThat(app.phone(n).get("messages")).hasSize(1);
            }
        });
        for (long id : ids) {
            JsonNode ns = app.api("GET", "/api/alarms/" + id, null).json().get("notifications");
            assertThat(ns).hasSize(1);
            assertThat(ns.get(0).get("twilioSid").asText()).startsWith("SM");
        }
    }

    @Test
    void should_hold_notification_without_escalating_and_report_twilio_down_until_twilio_is_back() {
        String n1 = Roster.number();
        String n2 = Roster.number();
        long u1 = Roster.user(app, "hold-ann", n1, "1234");
        long u2 = Roster.user(app, "hold-bob", n2, "1234");
        Roster.roster(app, "hold-team", List.of(u1, u2), List.of("sms"));
        app.send("PUT", "/sandbox/faults", Map.of("rate", 1.0, "status", 503), Map.of());

        long id = app.api("POST", "/api/alarms", Map.of("source", "hold/1", "name", "H", "roster", "hold-team"))
                .json().get("alarmId").asLong();

        await().atMost(Duration.ofSeconds(60)).until(() -> app.api("GET", "/api/alarms/" + id, null).json()
                .get("notifications").path(0).path("status").asText(), "held"::equals);
        CalloutApp.Res health = app.send("GET", "/observe/health", null, Map.of());
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("checks").findValuesAsText("name")).contains("twilio");
        JsonNode twilio = null;
        for (JsonNode check : health.json().get("checks")) {
            twilio = "twilio".equals(check.get("name").asText()) ? check : twilio;
        }
        assertThat(twilio.get("status").asText()).isEqualTo("DOWN");
        assertThat(twilio.get("message").asText()).contains("Twilio 503");
        // reported, not fatal: the instance stays in the load balancer, it still takes alarms and webhooks
        CalloutApp.Res ready = app.send("GET", "/observe/health/ready", null, Map.of());
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).doesNotContain("\"twilio\"");
        // Twilio's trouble is not Ann's fault: nobody else is paged, the escalation goes on waiting for her
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode ns = app.api("GET", "/api/alarms/" + id, null).json().get("notifications");
            assertThat(ns).hasSize(1);
            assertThat(ns.get(0).get("userId").asLong()).isEqualTo(u1);
        });
        String audit = app.api("GET", "/api/audit?alarmId=" + id, null).body();
        assertThat(audit).contains("notification-held").doesNotContain("notification-failed")
                .doesNotContain("escalation-exhausted");

        app.send("PUT", "/sandbox/faults", Map.of("rate", 0, "status", 503), Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(app.phone(n1).get("messages")).hasSize(1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(app.send("GET", "/observe/health", null, Map.of()).status()).isEqualTo(200));
        JsonNode ns = app.api("GET", "/api/alarms/" + id, null).json().get("notifications");
        assertThat(ns).hasSize(1);
        assertThat(ns.get(0).get("twilioSid").asText()).startsWith("SM");
        assertThat(app.phone(n2).get("messages")).isEmpty();
    }

    @Test
    void should_record_failed_notification_and_escalate_at_once_when_twilio_rejects_the_request() {
        String n1 = Roster.number();
        String n2 = Roster.number();
        long u1 = Roster.user(app, "fail-ann", n1, "1234");
        long u2 = Roster.user(app, "fail-bob", n2, "1234");
        Roster.roster(app, "fail-team", List.of(u1, u2), List.of("sms"));
        app.send("PUT", "/sandbox/faults", Map.of("rate", 1.0, "status", 400), Map.of());

        long id = app.api("POST", "/api/alarms", Map.of("source", "fail/1", "name", "F", "roster", "fail-team"))
                .json().get("alarmId").asLong();

        JsonNode ns = await().atMost(Duration.ofSeconds(30)).until(
                () -> app.api("GET", "/api/alarms/" + id, null).json().get("notifications"),
                n -> n.size() == 2 && n.get(1).get("status").asText().equals("failed"));
        assertThat(ns.get(0).get("userId").asLong()).isEqualTo(u1);
        assertThat(ns.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(ns.get(1).get("userId").asLong()).isEqualTo(u2);
        String audit = app.api("GET", "/api/audit?alarmId=" + id, null).body();
        assertThat(audit).contains("notification-failed").contains("Twilio 400").contains("escalation-exhausted");
    }
}
