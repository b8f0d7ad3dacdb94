package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;

/** An alarm over HTTP reaches the first roster member by SMS; the reply "<code> <PIN>" acknowledges it. */
class SmsAckFlowTest {

    static CalloutApp app;
    static long user1;
    static long user2;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.delay", "PT3S"));
        user1 = app.api("POST", "/api/users", Map.of("username", "ann", "sms", "+14155550201", "pin", "4321"))
                .json().get("id").asLong();
        user2 = app.api("POST", "/api/users", Map.of("username", "bob", "sms", "+14155550202", "pin", "8765"))
                .json().get("id").asLong();
        app.api("POST", "/api/rosters", Map.of("name", "operators", "members", List.of(user1, user2),
                "channels", List.of("sms")));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_ack_alarm_when_sms_reply_has_code_and_pin() {
        Res r = app.api("POST", "/api/alarms", Map.of("source", "site1/tank1/level/High", "name", "High Level",
                "displayPath", "Tank 1 Level", "priority", "High", "message", "Tank 1 level at 95%"));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("duplicate").asBoolean()).isFalse();
        long alarmId = r.json().get("alarmId").asLong();

        JsonNode sms = await().atMost(Duration.ofSeconds(10)).until(
                () -> app.phone("+14155550201").get("messages"), m -> m.size() == 1).get(0);
        assertThat(sms.get("body").asText()).contains("High Level").contains("Tank 1 level at 95%");
        Matcher code = Pattern.compile("Reply ([A-Z0-9]{4}) ").matcher(sms.get("body").asText());
        assertThat(code.find()).as("ack code in %s", sms.get("body").asText()).isTrue();

        Res reply = app.send("POST", "/sandbox/phones/%2B14155550201/sms",
                Map.of("body", code.group(1) + " 4321"), Map.of());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("messages").get(0).asText()).isEqualTo("Acknowledged: High Level.");

        JsonNode alarm = app.api("GET", "/api/alarms/" + alarmId, null).json();
        assertThat(alarm.get("state").asText()).isEqualTo("acknowledged");
        assertThat(alarm.get("ack").get("userId").asLong()).isEqualTo(user1);
        assertThat(alarm.get("ack").get("channel").asText()).isEqualTo("sms");
        assertThat(alarm.get("notifications")).hasSize(1);
        assertThat(alarm.get("notifications").get(0).get("userId").asLong()).isEqualTo(user1);

        // escalation stopped: user 2 is never notified, even after the escalation delay has passed
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                assertThat(app.phone("+14155550202").get("messages")).isEmpty());
    }
}
