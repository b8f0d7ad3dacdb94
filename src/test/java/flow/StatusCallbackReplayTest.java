package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import twilio.TwilioSignatures;

/**
 * An alarm's SMS status callbacks update the notification, its audit trail and the user's statistics in one unit:
 * when Twilio sends them again (after a timeout or a 5xx), and late and out of order, nothing changes twice and
 * nothing counts twice.
 */
class StatusCallbackReplayTest {

    static CalloutApp app;
    static long user;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
        user = app.api("POST", "/api/users", Map.of("username", "replay-ann", "sms", "+14155550811", "pin", "4321"))
                .json().get("id").asLong();
        app.api("POST", "/api/rosters", Map.of("name", "operators", "members", List.of(user),
                "channels", List.of("sms")));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_record_and_count_a_repeated_delivery_once() {
        long alarmId = app.api("POST", "/api/alarms", Map.of("source", "replay/1", "name", "Replay"))
                .json().get("alarmId").asLong();
        JsonNode n = await().atMost(Duration.ofSeconds(15)).until(() -> notification(alarmId),
                x -> x != null && "delivered".equals(x.get("status").asText()));
        await().atMost(Duration.ofSeconds(10)).until(() -> messagesSent() == 1);
        long id = n.get("id").asLong();
        String sid = n.get("twilioSid").asText();
        assertThat(sid).startsWith("SM");

        // Twilio again: delivered twice, then a late "sent" and a "failed" after the final status
        for (String status : List.of("delivered", "delivered", "sent", "failed")) {
            post("/twilio/status/message/" + id, Map.of("MessageSid", sid, "MessageStatus", status,
                    "To", "+14155550811", "From", "+15005550006"));
        }

        assertThat(notification(alarmId).get("status").asText()).isEqualTo("delivered");
        assertThat(messagesSent()).isEqualTo(1);
        assertThat(auditKinds(alarmId)).containsOnlyOnce("notification-delivered")
                .doesNotContain("notification-failed");
        JsonNode alarm = app.api("GET", "/api/alarms/" + alarmId, null).json();
        assertThat(alarm.get("notifications")).hasSize(1);  // no escalation from the stale "failed"
    }

    @Test
    void should_count_a_message_sent_outside_an_alarm_once() {
        String sid = "SM" + "0".repeat(31) + "9";
        long before = messagesSent();
        for (int i = 0; i < 3; i++) {
            post("/twilio/status/message/0", Map.of("MessageSid", sid, "MessageStatus", "delivered",
                    "To", "+14155550811", "From", "+15005550006"));
        }
        assertThat(messagesSent()).isEqualTo(before + 1);
    }

    private static JsonNode notification(long alarmId) {
        JsonNode ns = app.api("GET", "/api/alarms/" + alarmId, null).json().get("notifications");
        return ns == null || ns.isEmpty() ? null : ns.get(0);
    }

    private static long messagesSent() {
        return app.api("GET", "/api/users/" + user + "/stats", null).json().get("messagesSent").asLong();
    }

    private static List<String> auditKinds(long alarmId) {
        List<String> kinds = new ArrayList<>();
        app.api("GET", "/api/audit?alarmId=" + alarmId, null).json().forEach(e -> kinds.add(e.get("kind").asText()));
        return kinds;
    }

    private static void post(String path, Map<String, String> params) {
        Map<String, String> ordered = new LinkedHashMap<>(params);
        String sig = TwilioSignatures.sign("sandbox-auth-token", app.url(path), ordered);
        String form = ordered.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        CalloutApp.Res r = app.send("POST", path, form,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Twilio-Signature", sig));
        assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    }
}
