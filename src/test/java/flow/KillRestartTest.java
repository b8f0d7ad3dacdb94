package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutProcess;

/** kill -9 during an escalation: after a start on the same data, escalation continues where it was. */
class KillRestartTest {

    @Test
    void should_resume_escalation_after_sigkill() throws Exception {
        Path data = Files.createTempDirectory("callout-kill");
        int port = CalloutProcess.freePort();
        Map<String, String> props = Map.of("camel.server.port", String.valueOf(port),
                "callout.public-url", "http://localhost:" + port, "callout.api.token", CalloutApp.TOKEN,
                "callout.data.dir", data.toString(), "callout.escalation.delay", "PT6S",
                "callout.escalation.poll", "200", "callout.routes.dir", data.resolve("routes").toString(),
                "callout.broker.mqtt-port", String.valueOf(CalloutProcess.freePort()),
                "callout.broker.jms-port", String.valueOf(CalloutProcess.freePort()));
        CalloutApp client = new CalloutApp(Map.of()).at(port);
        try (CalloutProcess callout = new CalloutProcess(data, props)) {
            callout.start(port);
            long u1 = client.api("POST", "/api/users", Map.of("username", "kill-ann", "sms", "+14155550301", "pin", "1234"))
                    .json().get("id").asLong();
            long u2 = client.api("POST", "/api/users", Map.of("username", "kill-bob", "sms", "+14155550302", "pin", "1234"))
                    .json().get("id").asLong();
            client.api("POST", "/api/rosters", Map.of("name", "operators", "members", List.of(u1, u2),
                    "channels", List.of("sms")));
            long alarmId = client.api("POST", "/api/alarms", Map.of("source", "kill/1", "name", "Kill"))
                    .json().get("alarmId").asLong();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(client.phone("+14155550301").get("messages")).hasSize(1));
            // Twilio's answer is on record (a kill between Twilio accepting and that write would resend: at-least-once)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.api("GET",
                    "/api/alarms/" + alarmId, null).json().get("notifications").path(0).path("twilioSid").asText(""))
                    .startsWith("SM"));

            callout.kill();
            callout.start(port);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(client.phone("+14155550302").get("messages")).hasSize(1));
            JsonNode alarm = client.api("GET", "/api/alarms/" + alarmId, null).json();
            assertThat(alarm.get("notifications")).hasSize(2);
            assertThat(alarm.get("notifications").get(0).get("userId").asLong()).isEqualTo(u1);
            assertThat(alarm.get("notifications").get(1).get("userId").asLong()).isEqualTo(u2);
            assertThat(client.phone("+14155550301").get("messages")).isEmpty();
        }
    }
}
