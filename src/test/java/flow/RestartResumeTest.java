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

/** Escalation state lives in the database: stop Callout mid-escalation, start it again, it carries on. */
class RestartResumeTest {

    @Test
    void should_continue_escalation_after_restart_without_renotifying() {
        try (CalloutApp app = CalloutApp.start(Map.of("callout.escalation.delay", "PT4S",
                "callout.escalation.poll", "200"))) {
            String n1 = Roster.number();
            String n2 = Roster.number();
            long u1 = Roster.user(app, "restart-ann", n1, "1212");
            long u2 = Roster.user(app, "restart-bob", n2, "3434");
            Roster.roster(app, "restart-team", List.of(u1, u2), List.of("sms"));
            long alarmId = app.api("POST", "/api/alarms", Map.of("source", "restart/1", "name", "Restart",
                    "roster", "restart-team")).json().get("alarmId").asLong();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(app.phone(n1).get("messages")).hasSize(1));

            app.stop();  // Callout goes down while the alarm waits for user 1
            app.start();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(app.phone(n2).get("messages")).hasSize(1));
            JsonNode alarm = app.api("GET", "/api/alarms/" + alarmId, null).json();
            assertThat(alarm.get("state").asText()).isEqualTo("active");
            assertThat(alarm.get("notifications")).hasSize(2);
            assertThat(alarm.get("notifications").get(0).get("userId").asLong()).isEqualTo(u1);
            assertThat(alarm.get("notifications").get(1).get("userId").asLong()).isEqualTo(u2);
            // user 1 is not notified again by the restart (the simulator's phones were reset with it)
            assertThat(app.phone(n1).get("messages")).isEmpty();
        }
    }
}
