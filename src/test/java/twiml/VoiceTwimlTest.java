package twiml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static twiml.TwimlAssert.assertTwiml;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class VoiceTwimlTest {

    private final VoiceTwiml twiml = new VoiceTwiml("Polly.Joanna", "en-US");
    private final VoiceTwiml plain = new VoiceTwiml(null, "");

    @Test
    void should_say_with_default_voice_and_language() {
        assertTwiml(twiml.say("Hello").toXml(), "<Say voice=\"Polly.Joanna\" language=\"en-US\">Hello</Say>");
    }

    @Test
    void should_leave_out_blank_default_voice_and_language() {
        assertTwiml(plain.say("Hello").toXml(), "<Say>Hello</Say>");
    }

    @Test
    void should_override_voice_language_and_loop_in_say() {
        assertTwiml(twiml.say(Map.of("voice", "man", "language", "de-DE", "loop", 2), "Hallo").toXml(),
                "<Say voice=\"man\" language=\"de-DE\" loop=\"2\">Hallo</Say>");
    }

    @Test
    void should_escape_markup_ampersand_and_quotes_in_say() {
        String xml = plain.say("Level < 5 & \"rising\" 'fast' <Hangup/> ]]>").toXml();
        assertTwiml(xml, "<Say>Level &lt; 5 &amp; &quot;rising&quot; 'fast' &lt;Hangup/&gt; ]]&gt;</Say>");
        assertThat(xml).contains("Level &lt; 5 &amp;").doesNotContain("<Hangup/>");
    }

    @Test
    void should_play_url_with_loop_and_digits() {
        assertTwiml(plain.play("https://x.test/a.mp3").play(Map.of("loop", 3), "https://x.test/b.mp3")
                        .play(Map.of("digits", "1w2#")).toXml(),
                "<Play>https://x.test/a.mp3</Play><Play loop=\"3\">https://x.test/b.mp3</Play><Play digits=\"1w2#\"/>");
    }

    @Test
    void should_gather_with_options_and_nested_say_play_pause() {
        Consumer<VoiceTwiml.GatherScope> body = g -> g.say("Enter PIN").play("https://x.test/beep.wav").pause(1);
        String xml = twiml.gather(Map.of("numDigits", 4, "finishOnKey", "#", "timeout", 10,
                "action", "/twilio/voice/ack/7", "method", "post", "input", "dtmf"), body).toXml();
        assertTwiml(xml, "<Gather numDigits=\"4\" finishOnKey=\"#\" timeout=\"10\" action=\"/twilio/voice/ack/7\""
                + " method=\"POST\" input=\"dtmf\">"
                + "<Say voice=\"Polly.Joanna\" language=\"en-US\">Enter PIN</Say>"
                + "<Play>https://x.test/beep.wav</Play><Pause length=\"1\"/></Gather>");
    }

    @Test
    void should_gather_without_nested_verbs() {
        assertTwiml(plain.gather(Map.of("input", "dtmf speech")).toXml(), "<Gather input=\"dtmf speech\"/>");
    }

    @Test
    void should_record_with_all_options() {
        String xml = plain.record(Map.of("action", "/rec", "maxLength", 30, "timeout", 5, "transcribe", true,
                "transcribeCallback", "/tr", "playBeep", false, "finishOnKey", "*")).toXml();
        assertTwiml(xml, "<Record action=\"/rec\" maxLength=\"30\" timeout=\"5\" transcribe=\"true\""
                + " transcribeCallback=\"/tr\" playBeep=\"false\" finishOnKey=\"*\"/>");
    }

    @Test
    void should_send_sms_in_a_call() {
        assertTwiml(plain.sms("Tank & pump").sms(Map.of("to", "+12223334444", "from", "+15556667777",
                        "action", "/sms-done"), "Second").toXml(),
                "<Sms>Tank &amp; pump</Sms>"
                        + "<Sms to=\"+12223334444\" from=\"+15556667777\" action=\"/sms-done\">Second</Sms>");
    }

    @Test
    void should_treat_message_as_sms_in_a_call() {
        assertTwiml(plain.message("Hi").toXml(), "<Sms>Hi</Sms>");
    }

    @Test
    void should_dial_a_number() {
        assertTwiml(plain.dial("+12223334444").toXml(), "<Dial>+12223334444</Dial>");
    }

    @Test
    void should_dial_with_options() {
        assertTwiml(plain.dial(Map.of("callerId", "+15556667777", "timeout", 20, "record", true,
                        "action", "/dialed"), "+12223334444").toXml(),
                "<Dial callerId=\"+15556667777\" timeout=\"20\" record=\"record-from-answer\" action=\"/dialed\">"
                        + "+12223334444</Dial>");
    }

    @Test
    void should_dial_start_numbers_and_stop() {
        String xml = plain.dial(Map.of("callerId", "+15556667777"), (Consumer<VoiceTwiml.DialScope>) d -> d
                .number("+12223334444").number(Map.of("sendDigits", "wwww1928"), "+13334445555")).toXml();
        assertTwiml(xml, "<Dial callerId=\"+15556667777\"><Number>+12223334444</Number>"
                + "<Number sendDigits=\"wwww1928\">+13334445555</Number></Dial>");
    }

    @Test
    void should_dial_conference() {
        assertTwiml(plain.dialConference("night-shift").toXml(),
                "<Dial><Conference>night-shift</Conference></Dial>");
    }

    @Test
    void should_split_dial_conference_options_between_dial_and_conference() {
        assertTwiml(plain.dialConference(Map.of("callerId", "+15556667777", "muted", true,
                        "startConferenceOnEnter", false, "beep", "onExit"), "ops").toXml(),
                "<Dial callerId=\"+15556667777\"><Conference muted=\"true\" startConferenceOnEnter=\"false\""
                        + " beep=\"onExit\">ops</Conference></Dial>");
    }

    @Test
    void should_hang_up() {
        assertTwiml(plain.hangup().toXml(), "<Hangup/>");
    }

    @Test
    void should_redirect_with_and_without_method() {
        assertTwiml(plain.redirect("/twilio/voice/menu/0").redirect(Map.of("method", "GET"), "/next?a=1&b=2").toXml(),
                "<Redirect>/twilio/voice/menu/0</Redirect><Redirect method=\"GET\">/next?a=1&amp;b=2</Redirect>");
    }

    @Test
    void should_reject_with_and_without_reason() {
        assertTwiml(plain.reject().reject("busy").reject(Map.of("reason", "rejected")).toXml(),
                "<Reject/><Reject reason=\"busy\"/><Reject reason=\"rejected\"/>");
    }

    @Test
    void should_refuse_unknown_reject_reason() {
        assertThatThrownBy(() -> plain.reject("later")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("busy");
    }

    @Test
    void should_pause_with_and_without_length() {
        assertTwiml(plain.pause().pause(3).toXml(), "<Pause/><Pause length=\"3\"/>");
    }

    @Test
    void should_insert_raw_fragment() {
        assertTwiml(plain.say("Queue").raw("<Enqueue waitUrl=\"/wait\">support</Enqueue><Leave/>").toXml(),
                "<Say>Queue</Say><Enqueue waitUrl=\"/wait\">support</Enqueue><Leave/>");
    }

    @Test
    void should_take_children_of_raw_response_document() {
        assertTwiml(plain.raw("<?xml version=\"1.0\"?><Response><Say>a</Say><Hangup/></Response>").toXml(),
                "<Say>a</Say><Hangup/>");
    }

    @Test
    void should_refuse_raw_that_is_not_xml() {
        assertThatThrownBy(() -> plain.raw("<Say>unclosed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> plain.raw("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_refuse_unknown_option_names() {
        assertThatThrownBy(() -> plain.say(Map.of("voise", "man"), "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("voise");
    }

    @Test
    void should_report_empty_until_a_verb_is_added() {
        assertThat(plain.isEmpty()).isTrue();
        assertTwiml(plain.toXml(), "");
        assertThat(plain.hangup().isEmpty()).isFalse();
    }

    @Test
    void should_keep_verbs_in_order_when_chained() {
        assertTwiml(plain.say("a").pause(1).say("b").hangup().toXml(),
                "<Say>a</Say><Pause length=\"1\"/><Say>b</Say><Hangup/>");
    }
}
