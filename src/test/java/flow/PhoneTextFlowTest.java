package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import support.CalloutApp;
import support.Roster;
import support.RandomText;

/** Control characters and random Unicode in alarm text and user names: the call still reads it and takes the PIN. */
class PhoneTextFlowTest {

    static final String APP_ERROR = "We are sorry, an application error has occurred. Goodbye.";
    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.delay", "PT1M"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static long raise(String roster, String source, String message) {
        CalloutApp.Res r = app.api("POST", "/api/alarms", Map.of("source", source, "name", "Pump Trip",
                "priority", "Critical", "message", message, "roster", roster));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("alarmId").asLong();
    }

    static JsonNode completedCall(String number) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> app.phone(number).get("calls"),
                c -> c.size() == 1 && c.get(0).get("status").asText().equals("completed")).get(0);
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"001b", "0000", "0007", "000b", "ffff"})
    void should_read_the_alarm_and_take_the_pin_when_its_text_holds_a_control_character(String hex) {
        String c = String.valueOf((char) Integer.parseInt(hex, 16));
        String n = Roster.number();
        long u = Roster.user(app, "ctl-" + hex + c, n, "2468");
        Roster.roster(app, "ctl-" + hex, List.of(u), List.of("voice", "sms"));
        app.setPhone(n, Map.of("answer", "answer", "digits", "2468#"));

        long alarmId = raise("ctl-" + hex, "site3/ctl/" + hex, "Tank" + c + "7 level high");

        String spoken = completedCall(n).get("transcript").toString();
        String expected = c.equals("\uffff") ? "Tank7 level high" : "Tank 7 level high";
        assertThat(spoken).doesNotContain(APP_ERROR).contains(expected).contains("acknowledged");
        assertThat(app.api("GET", "/api/alarms/" + alarmId, null).json().get("state").asText())
                .isEqualTo("acknowledged");
        JsonNode sms = await().atMost(Duration.ofSeconds(10)).until(() -> app.phone(n).get("messages"),
                m -> m.size() == 1).get(0);
        assertThat(sms.get("body").asText()).contains(expected).doesNotContain(c);
    }

    /** Seeded random Unicode (controls, lone surrogates, astral emoji, right-to-left) as alarm text and user name. */
    @Test
    void should_complete_every_call_whatever_unicode_the_alarm_and_the_user_name_hold() {
        Random random = new Random(1203L);
        for (int i = 0; i < 12; i++) {
            String n = Roster.number();
            long u = Roster.user(app, "fuzz" + i + RandomText.of(random), n, "1357");
            Roster.roster(app, "fuzz-" + i, List.of(u), List.of("voice"));
            app.setPhone(n, Map.of("answer", "answer", "digits", "1357#"));
            String text = RandomText.of(random);
            long alarmId = raise("fuzz-" + i, "site3/fuzz/" + i, "fuzz " + text);

            String spoken = completedCall(n).get("transcript").toString();
            assertThat(spoken).as("round %d: %s", i, text).doesNotContain(APP_ERROR).contains("acknowledged");
            assertThat(app.api("GET", "/api/alarms/" + alarmId, null).json().get("state").asText())
                    .as("round %d", i).isEqualTo("acknowledged");
        }
    }
}
