package script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import org.xmlunit.assertj3.XmlAssert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import twiml.MessagingTwiml;
import twiml.UserView;
import twiml.VoiceTwiml;

class CallScriptsTest {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private static final String DEFAULT = HEADER + "<Response><Say>Default</Say><Hangup/></Response>";

    @TempDir
    Path dir;

    private CallScripts scripts;

    /** Generous timeout: a cold JVM's first Groovy run is slow; the timeout tests use 200 ms. */
    private CallScripts scripts() {
        return scripts(Duration.ofSeconds(10));
    }

    private CallScripts scripts(Duration timeout) {
        if (scripts == null) {
            scripts = new CallScripts(dir, timeout);
        }
        return scripts;
    }

    @AfterEach
    void close() {
        if (scripts != null) {
            scripts.close();
        }
    }

    private void write(String name, String text) throws IOException {
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name + ".groovy"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private ScriptOutcome runVoice(String name, Map<String, Object> bindings) {
        return scripts().run(name, bindings, DEFAULT, new VoiceTwiml(null, null));
    }

    private ScriptOutcome runVoice(String name) {
        return runVoice(name, Map.of());
    }

    private static void assertResponse(ScriptOutcome outcome, String inner) {
        assertThat(outcome.error()).isNull();
        assertThat(outcome.fellBack()).isFalse();
        assertThat(outcome.xml()).startsWith(HEADER);
        XmlAssert.assertThat(outcome.xml()).and("<Response>" + inner + "</Response>").ignoreWhitespace().areIdentical();
    }

    private static void assertFellBack(ScriptOutcome outcome, String errorPart) {
        assertThat(outcome.fellBack()).isTrue();
        assertThat(outcome.xml()).isEqualTo(DEFAULT);
        assertThat(outcome.error()).contains(errorPart);
    }

    // --- result rules ---------------------------------------------------------------------

    @Test
    void should_return_default_when_script_file_is_missing() {
        ScriptOutcome outcome = runVoice("voice");
        assertThat(outcome).isEqualTo(new ScriptOutcome(DEFAULT, false, null));
    }

    @Test
    void should_return_default_when_script_returns_response() throws IOException {
        write("voice", "return response\n");
        assertThat(runVoice("voice")).isEqualTo(new ScriptOutcome(DEFAULT, false, null));
    }

    @Test
    void should_use_returned_string_and_add_header() throws IOException {
        write("voice", "return '<Response><Say>From string</Say></Response>'\n");
        ScriptOutcome outcome = runVoice("voice");
        assertThat(outcome.xml()).isEqualTo(HEADER + "<Response><Say>From string</Say></Response>");
    }

    @Test
    void should_use_returned_gstring() throws IOException {
        write("voice", "def n = 3\n\"<Response><Pause length='${n}'/></Response>\"\n");
        assertResponse(runVoice("voice"), "<Pause length=\"3\"/>");
    }

    @Test
    void should_use_returned_builder() throws IOException {
        write("voice", "twiml.say('Built').hangup()\n");
        assertResponse(runVoice("voice"), "<Say>Built</Say><Hangup/>");
    }

    @Test
    void should_use_reassigned_response() throws IOException {
        write("voice", "response = '<Response><Reject/></Response>'\nlog.info('set response')\nnull\n");
        assertResponse(runVoice("voice"), "<Reject/>");
    }

    @Test
    void should_use_reassigned_response_builder() throws IOException {
        write("voice", "response = twiml.say('Via response')\nreturn null\n");
        assertResponse(runVoice("voice"), "<Say>Via response</Say>");
    }

    @Test
    void should_use_non_empty_builder_when_script_returns_nothing() throws IOException {
        write("voice", "twiml.say('Left in builder')\nlog.info('done')\n");
        assertResponse(runVoice("voice"), "<Say>Left in builder</Say>");
    }

    @Test
    void should_use_default_when_script_does_nothing() throws IOException {
        write("voice", "log.debug('nothing to change')\n");
        assertThat(runVoice("voice")).isEqualTo(new ScriptOutcome(DEFAULT, false, null));
    }

    @Test
    void should_add_header_to_default_without_one() {
        ScriptOutcome outcome = scripts().run("none", Map.of(), "<Response/>", new VoiceTwiml(null, null));
        assertThat(outcome.xml()).isEqualTo(HEADER + "<Response/>");
    }

    @Test
    void should_run_sms_script_with_messaging_builder() throws IOException {
        write("sms", "twiml.message(\"You said: ${params.Body}\")\n");
        ScriptOutcome outcome = scripts().run("sms", Map.of("params", Map.of("Body", "a & b")),
                HEADER + "<Response/>", new MessagingTwiml());
        assertResponse(outcome, "<Message>You said: a &amp; b</Message>");
    }

    // --- failures -------------------------------------------------------------------------

    @Test
    void should_fall_back_on_syntax_error() throws IOException {
        write("voice", "twiml.say('unclosed\n");
        assertFellBack(runVoice("voice"), "compile error");
    }

    @Test
    void should_fall_back_when_script_throws() throws IOException {
        write("voice", "throw new IllegalStateException('boom')\n");
        assertFellBack(runVoice("voice"), "IllegalStateException: boom");
    }

    @Test
    void should_fall_back_when_builder_refuses_bad_raw_xml() throws IOException {
        write("voice", "twiml.raw('<Say>unclosed')\n");
        assertFellBack(runVoice("voice"), "not well-formed");
    }

    @Test
    void should_fall_back_when_result_is_not_xml() throws IOException {
        write("voice", "return 'Hello there'\n");
        assertFellBack(runVoice("voice"), "not TwiML");
    }

    @Test
    void should_fall_back_when_result_root_is_not_response() throws IOException {
        write("voice", "return '<Say>hi</Say>'\n");
        assertFellBack(runVoice("voice"), "not <Response>");
    }

    @Test
    void should_stop_infinite_loop_at_timeout() throws IOException {
        write("voice", "int i = 0\nwhile (true) { i++ }\n");
        scripts(Duration.ofMillis(200));
        assertFellBack(runVoice("voice"), "timed out after 200 ms"); // compiles and warms up
        long start = System.nanoTime();
        ScriptOutcome outcome = runVoice("voice");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFellBack(outcome, "timed out after 200 ms");
        assertThat(millis).isLessThan(1000);
        await().atMost(Duration.ofSeconds(2)).until(() -> scripts().runningCount() == 0);
    }

    @Test
    void should_stop_blocked_script_at_timeout() throws IOException {
        write("voice", "new java.util.concurrent.CountDownLatch(1).await()\n");  // blocks until interrupted
        scripts(Duration.ofMillis(200));
        assertFellBack(runVoice("voice"), "timed out");
        await().atMost(Duration.ofSeconds(2)).until(() -> scripts().runningCount() == 0);
    }

    @Test
    void should_refuse_script_name_with_path() {
        assertFellBack(runVoice("../etc/passwd"), "invalid script name");
    }

    // --- reload and cache -----------------------------------------------------------------

    @Test
    void should_use_changed_file_on_next_run() throws IOException {
        write("voice", "twiml.say('one')\n");
        assertResponse(runVoice("voice"), "<Say>one</Say>");
        write("voice", "twiml.say('two')\n");
        assertResponse(runVoice("voice"), "<Say>two</Say>");
    }

    @Test
    void should_see_same_size_edit_of_an_old_file() throws IOException {
        Path file = dir.resolve("voice.groovy");
        write("voice", "twiml.say('A')\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertResponse(runVoice("voice"), "<Say>A</Say>");
        assertResponse(runVoice("voice"), "<Say>A</Say>");
        write("voice", "twiml.say('B')\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:01Z")));
        assertResponse(runVoice("voice"), "<Say>B</Say>");
        assertThat(scripts().compileCount()).isEqualTo(2);
    }

    @Test
    void should_read_record_components_as_properties() throws IOException {
        write("voice", "twiml.say(\"${alarm.name} ${alarm.ackCode}\")\n");
        AlarmView alarm = new AlarmView(42, "s", "High Level", null, null, "active", null, "K7", null);
        assertResponse(runVoice("voice", Map.of("alarm", alarm)), "<Say>High Level K7</Say>");
    }

    @Test
    void should_fall_back_after_file_is_deleted() throws IOException {
        write("voice", "twiml.say('one')\n");
        assertResponse(runVoice("voice"), "<Say>one</Say>");
        Files.delete(dir.resolve("voice.groovy"));
        assertThat(runVoice("voice")).isEqualTo(new ScriptOutcome(DEFAULT, false, null));
    }

    @Test
    void should_not_recompile_unchanged_file() throws IOException {
        write("voice", "twiml.say('same')\n");
        for (int i = 0; i < 5; i++) {
            assertResponse(runVoice("voice"), "<Say>same</Say>");
        }
        assertThat(scripts().compileCount()).isEqualTo(1);
    }

    @Test
    void should_reuse_compiled_class_when_content_comes_back() throws IOException {
        write("voice", "twiml.say('A')\n");
        runVoice("voice");
        write("voice", "twiml.say('B')\n");
        runVoice("voice");
        write("voice", "twiml.say('A')\n");
        assertResponse(runVoice("voice"), "<Say>A</Say>");
        assertThat(scripts().compileCount()).isEqualTo(2);
    }

    @Test
    void should_not_recompile_broken_file_on_every_run() throws IOException {
        write("voice", "def x = \n");
        assertFellBack(runVoice("voice"), "compile error");
        assertFellBack(runVoice("voice"), "compile error");
        assertThat(scripts().compileCount()).isEqualTo(1);
    }

    @Test
    void should_recover_when_broken_file_is_fixed() throws IOException {
        write("voice", "def x = \n");
        assertFellBack(runVoice("voice"), "compile error");
        write("voice", "twiml.hangup()\n");
        assertResponse(runVoice("voice"), "<Hangup/>");
    }

    // --- bindings and the builder from Groovy ---------------------------------------------

    @Test
    void should_bind_call_data_and_null_for_absent_names() throws IOException {
        write("voice", """
                assert notification == null && user == null
                twiml.say("${callAction} ${params.Digits} ${alarm.name()} ${voice.voice}")
                """);
        AlarmView alarm = new AlarmView(42, "s", "High Level", "Tank", "High", "active", "m", "K7", Instant.EPOCH);
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("callAction", "ack");
        bindings.put("params", Map.of("Digits", "1234"));
        bindings.put("alarm", alarm);
        bindings.put("voice", Map.of("voice", "alice", "language", "en-US"));
        assertResponse(runVoice("voice", bindings), "<Say>ack 1234 High Level alice</Say>");
    }

    @Test
    void should_give_script_the_callout_api() throws IOException {
        write("voice", """
                def me = callout.userByNumber(params.From)
                def alarms = callout.activeAlarms(me.id())
                def result = callout.acknowledge(alarms[0].id(), me.id(), params.Digits, 'voice')
                twiml.say("${me.username()} ${alarms.size()} ${result}")
                """);
        UserView anna = new UserView(1, "anna", "+12223334444", "+12223334444", "en-US");
        AlarmView alarm = new AlarmView(42, "s", "High Level", null, null, "active", null, "K7", null);
        CalloutApi api = new CalloutApi() {
            public List<AlarmView> activeAlarms(long userId) {
                return userId == 1 ? List.of(alarm) : List.of();
            }

            public UserView userByNumber(String e164) {
                return e164.equals("+12223334444") ? anna : null;
            }

            public AckOutcome acknowledge(long alarmId, long userId, String pin, String channel) {
                return alarmId == 42 && pin.equals("1234") ? AckOutcome.ACKNOWLEDGED : AckOutcome.WRONG_PIN;
            }

            public boolean sendSms(String to, String body, String from) {
                return false;
            }

            public stats.TwilioUser getUser(long userId) {
                return userId == 1 ? new stats.TwilioUser(1, "anna", "+12223334444", 3, 1, 2, 0, 4, 0) : null;
            }

            public boolean sendSms(String to, String body) {
                return true;
            }
        };
        ScriptOutcome outcome = runVoice("voice",
                Map.of("callout", api, "params", Map.of("From", "+12223334444", "Digits", "1234")));
        assertResponse(outcome, "<Say>anna 1 ACKNOWLEDGED</Say>");
    }

    @Test
    void should_build_with_named_arguments_from_groovy() throws IOException {
        write("voice", """
                twiml.say('Hi', voice: 'man', loop: 2)
                     .play('https://x.test/a.mp3', loop: 0)
                     .record(maxLength: 30, transcribe: true, action: '/rec')
                     .sms('Paged', to: '+12223334444')
                     .dial('+13334445555', callerId: '+15556667777', timeout: 20)
                     .dialConference('ops', muted: true)
                     .redirect('/again', method: 'GET')
                     .reject(reason: 'busy')
                     .pause(length: 2)
                """);
        assertResponse(runVoice("voice"), "<Say voice=\"man\" loop=\"2\">Hi</Say>"
                + "<Play loop=\"0\">https://x.test/a.mp3</Play>"
                + "<Record maxLength=\"30\" transcribe=\"true\" action=\"/rec\"/>"
                + "<Sms to=\"+12223334444\">Paged</Sms>"
                + "<Dial callerId=\"+15556667777\" timeout=\"20\">+13334445555</Dial>"
                + "<Dial><Conference muted=\"true\">ops</Conference></Dial>"
                + "<Redirect method=\"GET\">/again</Redirect>"
                + "<Reject reason=\"busy\"/><Pause length=\"2\"/>");
    }

    @Test
    void should_build_nested_gather_and_dial_from_groovy_closures() throws IOException {
        write("voice", """
                def prompt = 'Press 1 to hear the alarm again'
                twiml.gather(numDigits: 1, action: '/twilio/voice/menu/0') {
                    say prompt
                    pause 1
                    play 'https://x.test/beep.wav'
                }
                twiml.dial(callerId: '+15556667777') {
                    number '+12223334444'
                    number '+13334445555', sendDigits: 'ww12'
                    conference 'ops'
                }
                twiml.hangup()
                """);
        assertResponse(runVoice("voice"), "<Gather numDigits=\"1\" action=\"/twilio/voice/menu/0\">"
                + "<Say>Press 1 to hear the alarm again</Say><Pause length=\"1\"/><Play>https://x.test/beep.wav</Play>"
                + "</Gather>"
                + "<Dial callerId=\"+15556667777\"><Number>+12223334444</Number>"
                + "<Number sendDigits=\"ww12\">+13334445555</Number><Conference>ops</Conference></Dial>"
                + "<Hangup/>");
    }

    @Test
    void should_fall_back_on_unknown_named_argument_in_script() throws IOException {
        write("voice", "twiml.say('x', voise: 'man')\n");
        assertFellBack(runVoice("voice"), "unknown option 'voise'");
    }

    @Test
    void should_know_a_texts_script_that_only_keeps_the_default_without_running_it() throws IOException {
        assertThat(CallScripts.keepsDefault("")).isTrue();
        assertThat(CallScripts.keepsDefault("// the words\n// of every text\nreturn text\n")).isTrue();
        assertThat(CallScripts.keepsDefault("/* kept */ text;")).isTrue();
        assertThat(CallScripts.keepsDefault(Files.readString(Path.of("scripts/texts.groovy")))).isTrue();
        assertThat(CallScripts.keepsDefault("log.info('x'); return text")).isFalse();
        assertThat(CallScripts.keepsDefault("return text.toUpperCase()")).isFalse();
        assertThat(CallScripts.keepsDefault("return \"http://example.com\"")).isFalse();
        assertThat(CallScripts.keepsDefault("return text // \n + '!'")).isFalse();

        write("texts", "// shipped\nreturn text\n");
        assertThat(scripts().text("texts", Map.of(), "Alarm").xml()).isEqualTo("Alarm");
        write("texts", "return text.toUpperCase()");
        assertThat(scripts().text("texts", Map.of(), "Alarm").xml()).isEqualTo("ALARM");
    }

    @Test
    void should_tell_whether_a_texts_script_keeps_every_default_through_each_edit() throws IOException {
        assertThat(scripts().keepsDefaults("texts")).as("no file").isTrue();
        write("texts", "// shipped\nreturn text\n");
        assertThat(scripts().keepsDefaults("texts")).as("only returns text").isTrue();
        write("texts", "return text.toUpperCase()");
        assertThat(scripts().keepsDefaults("texts")).as("rewords").isFalse();
        write("texts", "this is { not groovy (");
        assertThat(scripts().keepsDefaults("texts")).as("broken: each use must report it").isFalse();
        Files.delete(dir.resolve("texts.groovy"));
        assertThat(scripts().keepsDefaults("texts")).as("deleted").isTrue();
        assertThat(scripts().text("texts", Map.of(), "Alarm").xml()).isEqualTo("Alarm");
        // an absent script is probed without an exception; it counts again as soon as it is there
        write("texts", "return text + '!'");
        assertThat(scripts().keepsDefaults("texts")).as("written again").isFalse();
        assertThat(scripts().text("texts", Map.of(), "Alarm").xml()).isEqualTo("Alarm!");
    }
}
