package flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.Phone;
import support.TestClock;

/**
 * An alarm over HTTP reaches the first roster member by SMS; the reply "<code> <PIN>" acknowledges it. The clock
 * is the test's: the escalation delay passes without waiting for it.
 */
class SmsAckFlowTest {

    static final TestClock clock = new TestClock();
    static CalloutApp app;
    static long user1;
    static long user2;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.delay", "PT5M", "callout.escalation.poll", "200"),
                Map.of("clock", clock));
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
        Phone ann = new Phone(app, "+14155550201");
        Phone bob = new Phone(app, "+14155550202");
        Res r = app.api("POST", "/api/alarms", Map.of("source", "site1/tank1/level/High", "name", "High Level",
                "displayPath", "Tank 1 Level", "priority", "High", "message", "Tank 1 level at 95%"));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("duplicate").asBoolean()).isFalse();
        long alarmId = r.json().get("alarmId").asLong();

        Phone.Sms sms = ann.expectSms("High Level - Tank 1 Level: Tank 1 level at 95%.");
        assertThat(sms.reply(sms.code() + " 4321")).isEqualTo("Acknowledged: High Level.");

        JsonNode alarm = app.api("GET", "/api/alarms/" + alarmId, null).json();
        assertThat(alarm.get("state").asText()).isEqualTo("acknowledged");
        assertThat(alarm.get("ack").get("userId").asLong()).isEqualTo(user1);
        assertThat(alarm.get("ack").get("channel").asText()).isEqualTo("sms");
        assertThat(alarm.get("notifications")).hasSize(1);
        assertThat(alarm.get("notifications").get(0).get("userId").asLong()).isEqualTo(user1);

        // escalation stopped: user 2 is never notified, even after the escalation delay has passed
        clock.advance(Duration.ofMinutes(10));
        bob.expectNothing();
        ann.expectNothing();
    }
}
