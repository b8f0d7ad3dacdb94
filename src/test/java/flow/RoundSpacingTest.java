package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/** A person's failure escalates at once, but a round never starts again sooner than the delay after the last. */
class RoundSpacingTest {

    @Test
    void should_start_each_round_no_sooner_than_the_delay_when_a_lone_phone_does_not_answer() {
        try (CalloutApp app = CalloutApp.start(Map.of("callout.escalation.delay", "PT3S",
                "callout.escalation.rounds", "3", "callout.escalation.poll", "200"))) {
            String n = Roster.number();
            long u = Roster.user(app, "spacing-ann", n, "1234");
            Roster.roster(app, "spacing-team", List.of(u), List.of("voice"));
            app.setPhone(n, Map.of("answer", "no-answer"));

            long alarmId = app.api("POST", "/api/alarms", Map.of("source", "spacing/1", "name", "Spacing",
                    "roster", "spacing-team")).json().get("alarmId").asLong();

            JsonNode ns = await().atMost(Duration.ofSeconds(30)).until(() -> app.api("GET", "/api/alarms/" + alarmId,
                    null).json().get("notifications"), x -> x.size() == 3
                    && x.get(2).get("status").asText().equals("no-answer"));
            for (int i = 1; i < 3; i++) {
                Duration gap = Duration.between(Instant.parse(ns.get(i - 1).get("at").asText()),
                        Instant.parse(ns.get(i).get("at").asText()));
                assertThat(gap).as("round %d began %s after round %d", i + 1, gap, i)
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
                assertThat(ns.get(i).get("attempt").asInt()).isEqualTo(i + 1);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.api("GET",
                    "/api/audit?alarmId=" + alarmId, null).body()).contains("escalation-exhausted"));
            assertThat(app.phone(n).get("calls")).hasSize(3);
        }
    }
}
