package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/** Inbound calls and SMS through the sandbox with the shipped scripts; scripts edited while Callout runs. */
class CallScriptFlowTest {

    static CalloutApp app;
    static Path scripts;

    @BeforeAll
    static void start() throws IOException {
        scripts = Files.createTempDirectory("callout-scripts");
        Files.copy(Path.of("scripts/voice.groovy"), scripts.resolve("voice.groovy"));
        Files.copy(Path.of("scripts/sms.groovy"), scripts.resolve("sms.groovy"));
        app = CalloutApp.start(Map.of("callout.scripts.dir", scripts.toString(), "callout.escalation.delay", "PT1H"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static JsonNode call(String from, String digits) {
        CalloutApp.Res r = app.send("POST", "/sandbox/phones/" + from.replace("+", "%2B") + "/call",
                Map.of("digits", digits), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static void writeScript(String name, String text) throws IOException {
        Path tmp = scripts.resolve(name + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, scripts.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void should_read_active_alarms_to_rostered_caller_and_ack_with_pin() {
        String n = Roster.number();
        long u = Roster.user(app, "inbound-ann", n, "5678");
        Roster.roster(app, "inbound-team", List.of(u), List.of("sms"));
        long alarmId = app.api("POST", "/api/alarms", Map.of("source", "in/1", "name", "Boiler Pressure",
                "message", "Boiler 2 pressure high", "roster", "inbound-team")).json().get("alarmId").asLong();

        JsonNode call = call(n, "5678#");

        String transcript = call.get("transcript").toString();
        assertThat(transcript).contains("Hello inbound-ann. You have 1 active alarm.")
                .contains("Boiler 2 pressure high").contains("acknowledged");
        JsonNode alarm = app.api("GET", "/api/alarms/" + alarmId, null).json();
        assertThat(alarm.get("state").asText()).isEqualTo("acknowledged");
        assertThat(alarm.get("ack").get("channel").asText()).isEqualTo("voice");
        assertThat(alarm.get("ack").get("userId").asLong()).isEqualTo(u);
    }

    @Test
    void should_tell_unknown_caller_the_number_is_not_registered() {
        JsonNode call = call("+14155559876", "");
        assertThat(call.get("transcript").toString()).contains("This number is not registered with Callout. Goodbye.");
    }

    @Test
    void should_use_edited_script_on_next_call_and_fall_back_on_syntax_error() throws IOException {
        String n = Roster.number();
        Roster.user(app, "script-ann", n, "1470");
        String original = Files.readString(scripts.resolve("voice.groovy"));
        try {
            writeScript("voice.groovy", "if (callAction == 'inbound') { return twiml.say(\"Edited greeting for "
                    + "${user.username}.\").hangup() }\nreturn response\n");
            assertThat(call(n, "").get("transcript").toString()).contains("Edited greeting for script-ann.");

            writeScript("voice.groovy", "this is { not groovy (\n");
            JsonNode fallback = call(n, "");
            assertThat(fallback.get("transcript").toString()).contains("Hello script-ann. There are no active alarms.");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(app.api("GET", "/api/audit", null).body()).contains("script-error"));
        } finally {
            writeScript("voice.groovy", original);
        }
    }

    @Test
    void should_reply_to_status_sms_with_the_users_active_alarms() {
        String n = Roster.number();
        long u = Roster.user(app, "status-ann", n, "2580");
        Roster.roster(app, "status-team", List.of(u), List.of("sms"));
        app.api("POST", "/api/alarms", Map.of("source", "st/1", "name", "Chiller Fault", "roster", "status-team"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.phone(n).get("messages")).hasSize(1));

        CalloutApp.Res r = app.send("POST", "/sandbox/phones/" + n.replace("+", "%2B") + "/sms",
                Map.of("body", "STATUS"), Map.of());
        assertThat(r.status()).isEqualTo(200);
        String reply = r.json().get("messages").get(0).asText();
        assertThat(reply).contains("Chiller Fault");
    }

    @Test
    void should_give_scripts_the_seeds_getUser_and_sendSms_with_from() throws IOException {
        String n = Roster.number();
        String other = Roster.number();
        long u = Roster.user(app, "seed-ann", n, "3690");
        Roster.roster(app, "seed-team", List.of(u), List.of("sms"));
        app.api("POST", "/api/alarms", Map.of("source", "seed/1", "name", "Seed Alarm", "roster", "seed-team"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(app.api("GET", "/api/users/" + u + "/stats", null).json().get("messagesSent").asLong())
                        .isEqualTo(1));
        String original = Files.readString(scripts.resolve("sms.groovy"));
        try {
            writeScript("sms.groovy", """
                    def u = callout.getUser(user.id)
                    callout.sendSms('%s', 'Forwarded: ' + params.Body, 'PLANT 1')
                    return twiml.message("${u.username} sent ${u.messagesSent}, received ${u.messagesReceived}".toString())
                    """.formatted(other));

            CalloutApp.Res r = app.send("POST", "/sandbox/phones/" + n.replace("+", "%2B") + "/sms",
                    Map.of("body", "gate 3 open"), Map.of());

            // the inbound SMS itself is counted beside the script (wire tap), so it may or may not be in yet
            assertThat(r.json().get("messages").get(0).asText()).matches("seed-ann sent 1, received [01]");
            JsonNode forwarded = await().atMost(Duration.ofSeconds(5)).until(() -> app.phone(other).get("messages"),
                    m -> m.size() == 1).get(0);
            assertThat(forwarded.get("body").asText()).isEqualTo("Forwarded: gate 3 open");
            assertThat(forwarded.get("from").asText()).isEqualTo("PLANT 1");
        } finally {
            writeScript("sms.groovy", original);
        }
    }
}
