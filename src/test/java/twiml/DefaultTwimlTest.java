package twiml;

import static org.assertj.core.api.Assertions.assertThat;
import static twiml.TwimlAssert.assertTwiml;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultTwimlTest {

    private static final String V = "voice=\"Polly.Joanna\" language=\"en-US\"";
    private static final AlarmView TANK = new AlarmView(42, "site1/tank1/level/High", "High Level", "Tank 1 Level",
            "High", "active", "Tank 1 level at 95%", "K7", Instant.parse("2026-11-22T10:00:00Z"));
    private static final AlarmView PUMP = new AlarmView(43, "site1/pump2/fault", "Pump Fault", "Pump 2",
            "Critical", "active", "Pump 2 tripped", "P3", Instant.parse("2026-11-22T10:01:00Z"));
    private static final UserView ANNA = new UserView(1, "anna", "+12223334444", "+12223334444", "en-US");

    private static String say(String text) {
        return "<Say " + V + ">" + text + "</Say>";
    }

    private static String pinGather(String action) {
        return "<Gather finishOnKey=\"#\" timeout=\"10\" action=\"" + action + "\">"
                + say("Enter your PIN followed by the pound key to acknowledge.") + "</Gather>"
                + say("No input received. Goodbye.") + "<Hangup/>";
    }

    private static String menu(String action, String noInput) {
        return "<Gather finishOnKey=\"#\" timeout=\"10\" action=\"" + action + "\">"
                + say("Enter your PIN followed by the pound key to acknowledge. Press star to hear the alarm again,"
                + " or 5 to pass it to the next person.") + "</Gather>"
                + (noInput == null ? say("No input received. Goodbye.") + "<Hangup/>"
                : "<Redirect>" + noInput + "</Redirect>");
    }

    @Test
    void should_say_when_and_where_then_the_alarm_and_offer_the_menu_on_notify_call() {
        assertTwiml(DefaultTwiml.notify(TANK, 7, "Polly.Joanna", "en-US", java.time.ZoneId.of("Europe/Amsterdam")),
                say("Alarm at 11:00, site1 tank1 level High.")
                        + say("Alarm: High Level. Tank 1 Level. Priority High. Tank 1 level at 95%.")
                        + menu("/twilio/voice/ack/7", "/twilio/voice/again/7"));
    }

    @Test
    void should_read_the_alarm_once_more_then_say_goodbye_without_input() {
        assertTwiml(DefaultTwiml.again(TANK, 7, "Polly.Joanna", "en-US", java.time.ZoneOffset.UTC),
                say("Alarm at 10:00, site1 tank1 level High.")
                        + say("Alarm: High Level. Tank 1 Level. Priority High. Tank 1 level at 95%.")
                        + menu("/twilio/voice/ack/7", null));
    }

    @Test
    void should_say_passed_on_after_5() {
        assertTwiml(DefaultTwiml.passedOn(true, "Polly.Joanna", "en-US"),
                say("Passing this alarm to the next person. Goodbye.") + "<Hangup/>");
        assertTwiml(DefaultTwiml.passedOn(false, "Polly.Joanna", "en-US"),
                say("This alarm is no longer escalating. Goodbye.") + "<Hangup/>");
    }

    @Test
    void should_speak_markup_in_alarm_text_literally() {
        AlarmView nasty = new AlarmView(1, "s", "<Hangup/>", "a & b", "High", "active",
                "end ]]> \"quoted\"", "X1", null);
        String xml = DefaultTwiml.notify(nasty, 9, "Polly.Joanna", "en-US");
        assertTwiml(xml, say("Alarm from s.")
                + say("Alarm: &lt;Hangup/&gt;. a &amp; b. Priority High. end ]]&gt; &quot;quoted&quot;.")
                + menu("/twilio/voice/ack/9", "/twilio/voice/again/9"));
        assertThat(xml).doesNotContain("<Hangup/>");
    }

    @Test
    void should_leave_out_missing_alarm_parts() {
        AlarmView bare = new AlarmView(2, "s", "Door Open", null, null, "active", " ", "D1", null);
        assertTwiml(DefaultTwiml.notify(bare, 3, "Polly.Joanna", "en-US"),
                say("Alarm from s.") + say("Alarm: Door Open.") + menu("/twilio/voice/ack/3", "/twilio/voice/again/3"));
    }

    @Test
    void should_thank_and_hang_up_when_acknowledged() {
        assertTwiml(DefaultTwiml.ackResult(AckOutcome.ACKNOWLEDGED, TANK, 7, "Polly.Joanna", "en-US"),
                say("Alarm High Level acknowledged. Thank you. Goodbye.") + "<Hangup/>");
    }

    @Test
    void should_say_already_acknowledged() {
        assertTwiml(DefaultTwiml.ackResult(AckOutcome.ALREADY_ACKNOWLEDGED, TANK, 7, "Polly.Joanna", "en-US"),
                say("Alarm High Level was already acknowledged. Goodbye.") + "<Hangup/>");
    }

    @Test
    void should_gather_again_with_same_action_on_wrong_pin() {
        assertTwiml(DefaultTwiml.ackResult(AckOutcome.WRONG_PIN, TANK, 7, "Polly.Joanna", "en-US"),
                say("That PIN was not accepted.") + pinGather("/twilio/voice/ack/7"));
    }

    @Test
    void should_gather_again_on_no_input() {
        assertTwiml(DefaultTwiml.ackResult(AckOutcome.NO_INPUT, TANK, 7, "Polly.Joanna", "en-US"),
                say("No PIN was entered.") + pinGather("/twilio/voice/ack/7"));
    }

    @Test
    void should_hang_up_when_locked() {
        assertTwiml(DefaultTwiml.ackResult(AckOutcome.LOCKED, TANK, 7, "Polly.Joanna", "en-US"),
                say("Acknowledgement is locked. Try again later.") + "<Hangup/>");
    }

    @Test
    void should_say_not_active_when_alarm_not_found() {
        assertTwiml(DefaultTwiml.ackResult(AckOutcome.NOT_FOUND, null, 7, "Polly.Joanna", "en-US"),
                say("This alarm is no longer active. Goodbye.") + "<Hangup/>");
    }

    @Test
    void should_say_not_registered_to_unknown_caller() {
        assertTwiml(DefaultTwiml.inbound(null, List.of(), "Polly.Joanna", "en-US"),
                say("This number is not registered with Callout. Goodbye.") + "<Hangup/>");
    }

    @Test
    void should_greet_known_caller_without_alarms() {
        assertTwiml(DefaultTwiml.inbound(ANNA, List.of(), "Polly.Joanna", "en-US"),
                say("Hello anna. There are no active alarms. Goodbye.") + "<Hangup/>");
    }

    @Test
    void should_read_first_active_alarm_to_known_caller() {
        assertTwiml(DefaultTwiml.inbound(ANNA, List.of(TANK, PUMP), "Polly.Joanna", "en-US"),
                say("Hello anna. You have 2 active alarms.")
                        + say("Alarm: High Level. Tank 1 Level. Priority High. Tank 1 level at 95%.")
                        + menu("/twilio/voice/inbound-ack/42", null));
    }

    @Test
    void should_count_a_single_alarm_in_singular() {
        assertTwiml(DefaultTwiml.inbound(ANNA, List.of(PUMP), "Polly.Joanna", "en-US"),
                say("Hello anna. You have 1 active alarm.")
                        + say("Alarm: Pump Fault. Pump 2. Priority Critical. Pump 2 tripped.")
                        + menu("/twilio/voice/inbound-ack/43", null));
    }

    @Test
    void should_move_to_next_alarm_after_inbound_ack() {
        assertTwiml(DefaultTwiml.inboundAckResult(AckOutcome.ACKNOWLEDGED, TANK, PUMP, "Polly.Joanna", "en-US"),
                say("Alarm High Level acknowledged. Thank you. Next alarm.")
                        + say("Alarm: Pump Fault. Pump 2. Priority Critical. Pump 2 tripped.")
                        + menu("/twilio/voice/inbound-ack/43", null));
    }

    @Test
    void should_retry_same_alarm_on_wrong_inbound_pin() {
        assertTwiml(DefaultTwiml.inboundAckResult(AckOutcome.WRONG_PIN, TANK, PUMP, "Polly.Joanna", "en-US"),
                say("That PIN was not accepted.") + pinGather("/twilio/voice/inbound-ack/42"));
    }

    @Test
    void should_say_goodbye_after_last_inbound_ack() {
        assertTwiml(DefaultTwiml.inboundAckResult(AckOutcome.ACKNOWLEDGED, PUMP, null, "Polly.Joanna", "en-US"),
                say("Alarm Pump Fault acknowledged. Thank you. Goodbye.") + "<Hangup/>");
    }

    @Test
    void should_say_goodbye_for_unknown_action() {
        assertTwiml(DefaultTwiml.fallback("Polly.Joanna", "en-US"), say("Goodbye.") + "<Hangup/>");
    }

    @Test
    void should_write_alarm_sms_with_code_and_instruction() {
        assertThat(DefaultTwiml.smsNotification(TANK, "K7"))
                .isEqualTo("[HIGH] High Level - Tank 1 Level: Tank 1 level at 95%. Reply K7 <PIN> to acknowledge.");
    }

    @Test
    void should_put_event_time_in_the_readers_zone_after_the_priority() {
        java.time.Instant at = java.time.Instant.parse("2026-11-22T10:00:00Z");
        assertThat(DefaultTwiml.smsNotification(TANK, "K7", at, java.time.ZoneId.of("America/New_York")))
                .isEqualTo("[HIGH] 05:00 High Level - Tank 1 Level: Tank 1 level at 95%. Reply K7 <PIN> to acknowledge.");
        assertThat(DefaultTwiml.smsNotification(TANK, "K7", at, java.time.ZoneOffset.UTC))
                .startsWith("[HIGH] 10:00 High Level");
    }

    @Test
    void should_cut_long_alarm_sms_but_keep_instruction() {
        AlarmView longOne = new AlarmView(5, "s", "Big", "Path", "Low", "active", "x".repeat(500), "Q9", null);
        String sms = DefaultTwiml.smsNotification(longOne, "Q9");
        assertThat(sms).hasSize(300).startsWith("[LOW] Big - Path: xxx")
                .endsWith("xxx... Reply Q9 <PIN> to acknowledge.");
    }

    @Test
    void should_reply_acknowledged_by_sms() {
        assertTwiml(DefaultTwiml.smsAckResult(AckOutcome.ACKNOWLEDGED, List.of(TANK)),
                "<Message>Acknowledged: High Level.</Message>");
        assertTwiml(DefaultTwiml.smsAckResult(AckOutcome.ACKNOWLEDGED, List.of(TANK, PUMP)),
                "<Message>Acknowledged 2 alarms: High Level, Pump Fault.</Message>");
    }

    @Test
    void should_reply_already_acknowledged_by_sms() {
        assertTwiml(DefaultTwiml.smsAckResult(AckOutcome.ALREADY_ACKNOWLEDGED, List.of(TANK)),
                "<Message>Already acknowledged: High Level.</Message>");
    }

    @Test
    void should_reply_the_same_neutral_text_for_wrong_pin_and_unknown_code() {
        String wrongPin = DefaultTwiml.smsAckResult(AckOutcome.WRONG_PIN, List.of(TANK));
        assertTwiml(wrongPin, "<Message>Not accepted. Check the code and PIN and try again.</Message>");
        assertThat(DefaultTwiml.smsAckResult(AckOutcome.NOT_FOUND, List.of())).isEqualTo(wrongPin);
    }

    @Test
    void should_reply_locked_by_sms() {
        assertTwiml(DefaultTwiml.smsAckResult(AckOutcome.LOCKED, List.of()),
                "<Message>Too many wrong PINs. Acknowledgement is locked; try again later.</Message>");
    }

    @Test
    void should_list_active_alarms_on_status() {
        assertTwiml(DefaultTwiml.smsStatus(ANNA, List.of(TANK, PUMP)),
                "<Message>Active alarms: 2.\nK7: [HIGH] High Level - Tank 1 Level: Tank 1 level at 95%."
                        + "\nP3: [CRITICAL] Pump Fault - Pump 2: Pump 2 tripped."
                        + " Reply &lt;code&gt; &lt;PIN&gt; to acknowledge.</Message>");
    }

    @Test
    void should_say_no_active_alarms_on_status() {
        assertTwiml(DefaultTwiml.smsStatus(ANNA, List.of()), "<Message>No active alarms.</Message>");
    }

    @Test
    void should_explain_commands_on_help() {
        String help = "<Message>Callout: reply &lt;code&gt; &lt;PIN&gt; to acknowledge an alarm, &lt;PIN&gt; alone"
                + " to acknowledge your latest alarms, ALL &lt;PIN&gt; to acknowledge all, ESC &lt;code&gt; &lt;PIN&gt;"
                + " to pass one to the next person, CLOSE &lt;code&gt; &lt;PIN&gt; to clear one, or LIST to list"
                + " active alarms.</Message>";
        assertTwiml(DefaultTwiml.smsHelp(), help);
        assertTwiml(DefaultTwiml.smsAckResult(AckOutcome.NO_INPUT, List.of()), help);
    }

    @Test
    void should_tell_unknown_sender() {
        assertTwiml(DefaultTwiml.smsUnknownSender(),
                "<Message>This number is not registered with Callout.</Message>");
    }
}
