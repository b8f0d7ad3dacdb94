package script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import script.CallScripts.ScriptOutcome;
import twiml.AckOutcome;
import twiml.AlarmView;
import twiml.DefaultTwiml;
import twiml.MessagingTwiml;
import twiml.UserView;
import twiml.VoiceTwiml;

/** The scripts shipped in scripts/ keep Callout's default behaviour, and their commented examples work. */
class ShippedScriptsTest {

    private static final AlarmView TANK = new AlarmView(42, "site1/tank1/level/High", "High Level", "Tank 1 Level",
            "High", "active", "Tank 1 level at 95%", "K7", Instant.parse("2026-11-22T10:00:00Z"));
    private static final UserView ANNA = new UserView(1, "anna", "+12223334444", "+12223334444", "en-US");

    private final CallScripts shipped = new CallScripts(Path.of("scripts"), Duration.ofSeconds(10));

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        shipped.close();
    }

    private static Map<String, Object> bindings(String callAction, String digits) {
        Map<String, Object> b = new HashMap<>();
        b.put("callAction", callAction);
        b.put("params", Map.of("From", "+12223334444", "Digits", digits, "Body", "STATUS"));
        b.put("alarm", TANK);
        b.put("user", ANNA);
        b.put("voice", Map.of("voice", "Polly.Joanna", "language", "en-US"));
        return b;
    }

    @Test
    void should_keep_default_for_every_voice_action() {
        for (String action : List.of("notify", "ack", "inbound", "inbound-ack", "menu", "other")) {
            String defaultXml = DefaultTwiml.notify(TANK, 7, "Polly.Joanna", "en-US");
            ScriptOutcome outcome = shipped.run("voice", bindings(action, "1"), defaultXml,
                    new VoiceTwiml("Polly.Joanna", "en-US"));
            assertThat(outcome).as(action).isEqualTo(new ScriptOutcome(defaultXml, false, null));
        }
    }

    @Test
    void should_keep_default_sms_reply() {
        String defaultXml = DefaultTwiml.smsStatus(ANNA, List.of(TANK));
        ScriptOutcome outcome = shipped.run("sms", bindings("sms", ""), defaultXml, new MessagingTwiml());
        assertThat(outcome).isEqualTo(new ScriptOutcome(defaultXml, false, null));
    }

    @Test
    void should_run_the_greeting_example() throws IOException {
        Files.writeString(dir.resolve("voice.groovy"),
                "if (user) return twiml.say(\"Good morning ${user.username}.\").raw(response)\n");
        String defaultXml = DefaultTwiml.inbound(ANNA, List.of(), null, null);
        try (CallScripts scripts = new CallScripts(dir, Duration.ofSeconds(10))) {
            ScriptOutcome outcome = scripts.run("voice", bindings("inbound", ""), defaultXml, new VoiceTwiml(null, null));
            assertThat(outcome.xml()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                    + "<Say>Good morning anna.</Say><Say>Hello anna. There are no active alarms. Goodbye.</Say>"
                    + "<Hangup/></Response>");
        }
    }

    @Test
    void should_run_the_menu_example() throws IOException {
        Files.writeString(dir.resolve("voice.groovy"), """
                if (callAction == 'inbound')
                    return twiml.gather(numDigits: 1, action: '/twilio/voice/menu/0') { say 'Press 1 for the duty engineer.' }
                if (callAction == 'menu' && params.Digits == '1') return twiml.say('Connecting you.').dial('+12223334444')
                return response
                """);
        try (CallScripts scripts = new CallScripts(dir, Duration.ofSeconds(10))) {
            String inbound = scripts.run("voice", bindings("inbound", ""), "<Response/>", new VoiceTwiml(null, null)).xml();
            String menu = scripts.run("voice", bindings("menu", "1"), "<Response/>", new VoiceTwiml(null, null)).xml();
            assertThat(inbound).endsWith("<Response><Gather action=\"/twilio/voice/menu/0\" numDigits=\"1\">"
                    + "<Say>Press 1 for the duty engineer.</Say></Gather></Response>");
            assertThat(menu).endsWith("<Response><Say>Connecting you.</Say><Dial>+12223334444</Dial></Response>");
        }
    }

    @Test
    void should_run_the_status_example() throws IOException {
        Files.writeString(dir.resolve("sms.groovy"), """
                if (params.Body?.trim()?.equalsIgnoreCase('STATUS') && user) {
                    def alarms = callout.activeAlarms(user.id)
                    return twiml.message(alarms ? alarms.collect { "${it.ackCode}: ${it.name}" }.join('\\n') : 'All clear.')
                }
                return response
                """);
        Map<String, Object> b = bindings("sms", "");
        b.put("callout", new CalloutApi() {
            public List<AlarmView> activeAlarms(long userId) {
                return List.of(TANK);
            }

            public UserView userByNumber(String e164) {
                return ANNA;
            }

            public AckOutcome acknowledge(long alarmId, long userId, String pin, String channel) {
                return AckOutcome.WRONG_PIN;
            }

            public boolean sendSms(String to, String body) {
                return false;
            }

            public boolean sendSms(String to, String body, String from) {
                return false;
            }

            public stats.TwilioUser getUser(long userId) {
                return null;
            }
        });
        try (CallScripts scripts = new CallScripts(dir, Duration.ofSeconds(10))) {
            assertThat(scripts.run("sms", b, "<Response/>", new MessagingTwiml()).xml())
                    .endsWith("<Response><Message>K7: High Level</Message></Response>");
        }
    }
}
