package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;

/** The seed's sendMessage over HTTP: camel-twilio really travels over HTTP to the sandbox. */
class MessageApiTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_send_sms_through_twilio_component_and_reach_the_phone_delivered() {
        app.api("POST", "/api/users", Map.of("username", "msg-user", "sms", "+14155550123"));
        Res r = app.api("POST", "/api/messages", Map.of("to", "+14155550123", "body", "Hello <World> & co"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("sent").asBoolean()).isTrue();
        String sid = r.json().get("sid").asText();
        assertThat(sid).matches("SM[0-9a-f]{32}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode msgs = app.phone("+14155550123").get("messages");
            assertThat(msgs).hasSize(1);
            assertThat(msgs.get(0).get("sid").asText()).isEqualTo(sid);
            assertThat(msgs.get(0).get("body").asText()).isEqualTo("Hello <World> & co");
            assertThat(msgs.get(0).get("from").asText()).isEqualTo("+15005550006");
            assertThat(msgs.get(0).get("status").asText()).isEqualTo("delivered");
        });
    }

    @Test
    void should_reject_bad_number_with_sent_false_and_field() {
        Res r = app.api("POST", "/api/messages", Map.of("to", "555-1234", "body", "x"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("sent").asBoolean()).isFalse();
        assertThat(r.json().get("field").asText()).isEqualTo("to");
    }

    @Test
    void should_report_502_when_twilio_keeps_failing() {
        app.send("PUT", "/sandbox/faults", Map.of("rate", 1.0, "status", 503), Map.of());
        try {
            Res r = app.api("POST", "/api/messages", Map.of("to", "+14155550124", "body", "x"));
            assertThat(r.status()).as(r.body()).isEqualTo(502);
            assertThat(r.json().get("sent").asBoolean()).isFalse();
        } finally {
            app.send("PUT", "/sandbox/faults", Map.of("rate", 0, "status", 503), Map.of());
        }
    }
}
