package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/**
 * Status callbacks that never arrive (here: Twilio cannot reach Callout's public URL) would leave notifications
 * queued for ever. Reconciliation fetches them from Twilio after callout.twilio.reconcile-after and applies what
 * it finds as the callback would have: the row is final and the statistics count it once.
 */
class StatusReconcileTest {

    @Test
    void should_apply_twilio_status_of_notifications_whose_callbacks_were_lost_and_count_them_once() {
        try (CalloutApp twilio = CalloutApp.start(Map.of());
             CalloutApp app = CalloutApp.start(Map.of("callout.twilio.account-sid", "AC00000000000000000000000000000000",
                     "callout.twilio.auth-token", "sandbox-auth-token", "callout.twilio.from-number", "+15005550006",
                     "callout.twilio.api-url", twilio.url("/sandbox/twilio"), "callout.escalation.delay", "PT1H",
                     // nothing listens there: every status callback is lost
                     "callout.public-url", "http://127.0.0.1:9",
                     "callout.twilio.reconcile-after", "PT2S", "callout.twilio.reconcile-poll", "500"))) {
            String n = Roster.number();
            long u = Roster.user(app, "reconcile-ann", n, "1234");
            Roster.roster(app, "reconcile-team", List.of(u), List.of("sms", "voice"));
            twilio.setPhone(n, Map.of("answer", "answer", "digits", ""));

            long alarmId = app.api("POST", "/api/alarms", Map.of("source", "reconcile/1", "name", "Reconcile",
                    "roster", "reconcile-team")).json().get("alarmId").asLong();

            // Twilio has them delivered and completed, but told nobody
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode phone = twilio.phone(n);
                assertThat(phone.get("messages").path(0).path("status").asText()).isEqualTo("delivered");
                assertThat(phone.get("calls").path(0).path("status").asText()).isEqualTo("completed");
            });
            JsonNode ns = await().atMost(Duration.ofSeconds(20)).until(() -> app.api("GET", "/api/alarms/" + alarmId,
                    null).json().get("notifications"), x -> x.size() == 2
                    && x.get(0).get("status").asText().equals("delivered")
                    && x.get(1).get("status").asText().equals("completed"));
            assertThat(ns.get(0).get("twilioSid").asText()).isEqualTo(twilio.phone(n).get("messages").get(0)
                    .get("sid").asText());

            // counted once, also after more reconciliation rounds
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
                JsonNode stats = app.api("GET", "/api/users/" + u + "/stats", null).json();
                assertThat(stats.get("messagesSent").asInt()).isEqualTo(1);
                assertThat(stats.get("callsSent").asInt()).isEqualTo(1);
            });
            String audit = app.api("GET", "/api/audit?alarmId=" + alarmId, null).body();
            assertThat(audit).contains("notification-delivered").contains("notification-completed");
        }
    }
}
