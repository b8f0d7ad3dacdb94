package twiml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Callout's default TwiML for every situation, built with {@link VoiceTwiml} and
 * {@link MessagingTwiml}. Texts are short and plain, for someone woken at 3 a.m.; alarm text
 * is user data and is always spoken or sent literally.
 */
public final class DefaultTwiml {

    /** Longest outbound alarm SMS (two GSM segments' worth, kept readable). */
    public static final int SMS_NOTIFICATION_MAX = 300;
    /** Twilio's limit for one message body. */
    public static final int SMS_REPLY_MAX = 1600;

    static final String PIN_PROMPT = "Enter your PIN followed by the pound key to acknowledge.";
    static final String MENU_PROMPT = "Enter your PIN followed by the pound key to acknowledge. Press star to hear "
            + "the alarm again, or 5 to pass it to the next person.";
    static final String PASSED_ON = "Passing this alarm to the next person. Goodbye.";
    static final String NOT_PASSED_ON = "This alarm is no longer escalating. Goodbye.";
    static final String NO_INPUT = "No input received. Goodbye.";
    static final String SMS_NEUTRAL_REJECT = "Not accepted. Check the code and PIN and try again.";

    private DefaultTwiml() {
    }

    // --- voice ------------------------------------------------------------------------------

    /** Paths of the voice webhooks the gathers post to (relative: Twilio resolves them against the call's URL). */
    public static String ackAction(long notificationId) {
        return "/twilio/voice/ack/" + notificationId;
    }

    public static String inboundAckAction(long alarmId) {
        return "/twilio/voice/inbound-ack/" + alarmId;
    }

    /**
     * The outbound alarm call: reads the alarm, gathers the PIN (ended by #; no numDigits
     * since PIN lengths vary) posting to {@code /twilio/voice/ack/{notificationId}}, and says
     * goodbye if nothing is keyed.
     */
    public static String notify(AlarmView alarm, long notificationId, String voice, String language) {
        return notify(alarm, notificationId, voice, language, java.time.ZoneOffset.UTC);
    }

    /**
     * The outbound alarm call with its menu: when and where first ("Alarm at 03:12, site1 boiler1."), then the alarm;
     * PIN + # acknowledges, {@code *} hears it again, {@code 5} passes it to the next step (all posted to
     * {@code /twilio/voice/ack/{notificationId}}). No input reads it once more ({@code again}), then says goodbye.
     */
    public static String notify(AlarmView alarm, long notificationId, String voice, String language,
                                java.time.ZoneId zone) {
        VoiceTwiml twiml = new VoiceTwiml(voice, language).say(whenWhere(alarm, zone)).say(alarmSentence(alarm));
        return menu(twiml, ackAction(notificationId), againAction(notificationId)).toXml();
    }

    /** The alarm read again (after {@code *}, or once after no input); no input this time says goodbye. */
    public static String again(AlarmView alarm, long notificationId, String voice, String language,
                               java.time.ZoneId zone) {
        VoiceTwiml twiml = new VoiceTwiml(voice, language).say(whenWhere(alarm, zone)).say(alarmSentence(alarm));
        return menu(twiml, ackAction(notificationId), null).toXml();
    }

    /** After {@code 5}: passed to the next step, or not (the alarm is no longer escalating). */
    public static String passedOn(boolean passed, String voice, String language) {
        return new VoiceTwiml(voice, language).say(passed ? PASSED_ON : NOT_PASSED_ON).hangup().toXml();
    }

    public static String againAction(long notificationId) {
        return "/twilio/voice/again/" + notificationId;
    }

    /** "Alarm at 03:12, site1 boiler1." (the event's time in the listener's zone, the source as words). */
    public static String whenWhere(AlarmView alarm, java.time.ZoneId zone) {
        String where = alarm.source() == null ? "" : alarm.source().replaceAll("[/_.]+", " ").strip();
        String when = alarm.eventTime() == null ? null
                : java.time.format.DateTimeFormatter.ofPattern("HH:mm").format(alarm.eventTime().atZone(zone));
        if (when == null) {
            return where.isEmpty() ? "Alarm." : "Alarm from " + where + ".";
        }
        return "Alarm at " + when + (where.isEmpty() ? "." : ", " + where + ".");
    }

    private static VoiceTwiml menu(VoiceTwiml twiml, String action, String noInputRedirect) {
        twiml.gather(Map.of("finishOnKey", "#", "timeout", 10, "action", action),
                (java.util.function.Consumer<VoiceTwiml.GatherScope>) g -> g.say(MENU_PROMPT));
        return noInputRedirect == null ? twiml.say(NO_INPUT).hangup() : twiml.redirect(noInputRedirect);
    }

    /**
     * Reply to a PIN keyed on an outbound call ({@code /twilio/voice/ack/{notificationId}}).
     * WRONG_PIN and NO_INPUT gather again with the same action.
     */
    public static String ackResult(AckOutcome outcome, AlarmView alarm, long notificationId,
                                   String voice, String language) {
        return ackResult(outcome, alarm, ackAction(notificationId), null, voice, language);
    }

    /**
     * Reply to a PIN keyed on an inbound call ({@code /twilio/voice/inbound-ack/{alarmId}}).
     * When the alarm is settled (acknowledged, already acknowledged, gone) and
     * {@code nextAlarm} is not null, the call goes on to read that alarm and gather its PIN.
     */
    public static String inboundAckResult(AckOutcome outcome, AlarmView alarm, AlarmView nextAlarm,
                                          String voice, String language) {
        String retry = alarm == null ? null : inboundAckAction(alarm.id());
        return ackResult(outcome, alarm, retry, nextAlarm, voice, language);
    }

    /**
     * General form: {@code retryAction} is the gather action for WRONG_PIN / NO_INPUT (null:
     * say goodbye instead); {@code nextAlarm} (nullable) is read and gathered with its
     * inbound-ack action after a settled outcome.
     */
    public static String ackResult(AckOutcome outcome, AlarmView alarm, String retryAction, AlarmView nextAlarm,
                                   String voice, String language) {
        VoiceTwiml twiml = new VoiceTwiml(voice, language);
        if (outcome == AckOutcome.LOCKED) {
            return twiml.say("Acknowledgement is locked. Try again later.").hangup().toXml();
        }
        if (outcome == AckOutcome.WRONG_PIN || outcome == AckOutcome.NO_INPUT) {
            twiml.say(outcome == AckOutcome.WRONG_PIN ? "That PIN was not accepted." : "No PIN was entered.");
            return retryAction == null ? twiml.say("Goodbye.").hangup().toXml()
                    : pinGather(twiml, retryAction).toXml();
        }
        String settled = switch (outcome) {
            case ACKNOWLEDGED -> alarm == null ? "Alarm acknowledged. Thank you."
                    : "Alarm " + text(alarm.name()) + " acknowledged. Thank you.";
            case ALREADY_ACKNOWLEDGED -> alarm == null ? "This alarm was already acknowledged."
                    : "Alarm " + text(alarm.name()) + " was already acknowledged.";
            default -> "This alarm is no longer active.";
        };
        if (nextAlarm != null) {
            twiml.say(settled + " Next alarm.").say(alarmSentence(nextAlarm));
            return pinGather(twiml, inboundAckAction(nextAlarm.id())).toXml();
        }
        return twiml.say(settled + " Goodbye.").hangup().toXml();
    }

    /**
     * A call to Callout's own number. An unknown caller hears that the number is not
     * registered, then the call hangs up (a {@code <Reject>} would give no explanation);
     * a known caller hears the count of active alarms and is asked for the PIN of the first,
     * posting to {@code /twilio/voice/inbound-ack/{alarmId}}.
     */
    public static String inbound(UserView user, List<AlarmView> activeAlarms, String voice, String language) {
        VoiceTwiml twiml = new VoiceTwiml(voice, language);
        if (user == null) {
            return twiml.say("This number is not registered with Callout. Goodbye.").hangup().toXml();
        }
        String hello = "Hello " + text(user.username()) + ".";
        if (activeAlarms == null || activeAlarms.isEmpty()) {
            return twiml.say(hello + " There are no active alarms. Goodbye.").hangup().toXml();
        }
        int n = activeAlarms.size();
        AlarmView first = activeAlarms.get(0);
        twiml.say(hello + " You have " + n + (n == 1 ? " active alarm." : " active alarms."))
                .say(alarmSentence(first));
        return pinGather(twiml, inboundAckAction(first.id())).toXml();
    }

    /** For a voice action nobody handles. */
    public static String fallback(String voice, String language) {
        return new VoiceTwiml(voice, language).say("Goodbye.").hangup().toXml();
    }

    /** "Alarm: name. displayPath. Priority p. message." with empty parts left out. */
    public static String alarmSentence(AlarmView alarm) {
        StringBuilder sb = new StringBuilder("Alarm: ").append(sentence(alarm.name()));
        appendSentence(sb, alarm.displayPath());
        if (!isBlank(alarm.priority())) {
            appendSentence(sb, "Priority " + alarm.priority().strip());
        }
        appendSentence(sb, alarm.message());
        return sb.toString();
    }

    private static VoiceTwiml pinGather(VoiceTwiml twiml, String action) {
        return twiml.gather(Map.of("finishOnKey", "#", "timeout", 10, "action", action),
                        (java.util.function.Consumer<VoiceTwiml.GatherScope>) g -> g.say(PIN_PROMPT))
                .say(NO_INPUT).hangup();
    }

    // --- SMS --------------------------------------------------------------------------------

    /**
     * Outbound alarm SMS, at most {@value #SMS_NOTIFICATION_MAX} characters:
     * {@code [HIGH] High Level - Tank 1 Level: Tank 1 level at 95%. Reply K7 <PIN> to acknowledge.}
     * The alarm part is cut (ending "...") so the reply instruction always fits.
     */
    public static String smsNotification(AlarmView alarm, String ackCode) {
        String tail = " Reply " + ackCode + " <PIN> to acknowledge.";
        String head = alarmLine(alarm);
        int room = SMS_NOTIFICATION_MAX - tail.length();
        if (head.length() > room) {
            head = head.substring(0, Math.max(0, room - 3)).stripTrailing() + "...";
        }
        return head + tail;
    }

    /** Messaging TwiML reply to an SMS acknowledgement. WRONG_PIN and NOT_FOUND get the same neutral reply. */
    public static String smsAckResult(AckOutcome outcome, List<AlarmView> alarms) {
        List<AlarmView> list = alarms == null ? List.of() : alarms;
        String body = switch (outcome) {
            case ACKNOWLEDGED -> list.isEmpty() ? "Acknowledged."
                    : list.size() == 1 ? "Acknowledged: " + names(list) + "."
                    : "Acknowledged " + list.size() + " alarms: " + names(list) + ".";
            case ALREADY_ACKNOWLEDGED -> list.isEmpty() ? "Already acknowledged."
                    : "Already acknowledged: " + names(list) + ".";
            case WRONG_PIN, NOT_FOUND -> SMS_NEUTRAL_REJECT;
            case LOCKED -> "Too many wrong PINs. Acknowledgement is locked; try again later.";
            case NO_INPUT -> helpText();
        };
        return smsReply(body);
    }

    /** Reply to "STATUS": the user's active alarms with their codes, or "No active alarms." */
    public static String smsStatus(UserView user, List<AlarmView> activeAlarms) {
        if (activeAlarms == null || activeAlarms.isEmpty()) {
            return smsReply("No active alarms.");
        }
        String tail = " Reply <code> <PIN> to acknowledge.";
        StringBuilder sb = new StringBuilder("Active alarms: ").append(activeAlarms.size()).append('.');
        for (int i = 0; i < activeAlarms.size(); i++) {
            AlarmView a = activeAlarms.get(i);
            String line = "\n" + text(a.ackCode()) + ": " + alarmLine(a);
            String more = "\n+" + (activeAlarms.size() - i) + " more.";
            if (sb.length() + line.length() + more.length() + tail.length() > SMS_REPLY_MAX) {
                sb.append(more);
                break;
            }
            sb.append(line);
        }
        return smsReply(sb.append(tail).toString());
    }

    /** Reply to text Callout does not understand. */
    public static String smsHelp() {
        return smsReply(helpText());
    }

    /** Reply to a sender who is not on any roster. */
    public static String smsUnknownSender() {
        return smsReply("This number is not registered with Callout.");
    }

    private static String helpText() {
        return "Callout: reply <code> <PIN> to acknowledge an alarm, <PIN> alone to acknowledge "
                + "your latest alarms, ALL <PIN> to acknowledge all, ESC <code> <PIN> to pass one to the next "
                + "person, CLOSE <code> <PIN> to clear one, or LIST to list active alarms.";
    }

    /** Reply to {@code ESC <code> <PIN>} once the PIN was right. */
    public static String smsEscalated(AlarmView alarm, boolean passed) {
        return smsReply(passed ? "Passed on: " + text(alarm.name()) + ". The next person is being notified."
                : "Not passed on: " + text(alarm.name()) + " is no longer escalating.");
    }

    /** Reply to {@code CLOSE <code> <PIN>} once the PIN was right. */
    public static String smsClosed(AlarmView alarm, boolean cleared) {
        return smsReply(cleared ? "Cleared: " + text(alarm.name()) + "."
                : "Already closed: " + text(alarm.name()) + ".");
    }

    private static String smsReply(String body) {
        return new MessagingTwiml().message(body).toXml();
    }

    /** "[HIGH] name - displayPath: message." with empty parts left out. */
    static String alarmLine(AlarmView alarm) {
        StringBuilder sb = new StringBuilder();
        if (!isBlank(alarm.priority())) {
            sb.append('[').append(alarm.priority().strip().toUpperCase(Locale.ROOT)).append("] ");
        }
        sb.append(text(alarm.name()));
        if (!isBlank(alarm.displayPath())) {
            sb.append(" - ").append(alarm.displayPath().strip());
        }
        if (!isBlank(alarm.message())) {
            sb.append(": ").append(sentence(alarm.message()));
        } else {
            sb.append('.');
        }
        return sb.toString();
    }

    private static String names(List<AlarmView> alarms) {
        List<String> names = new ArrayList<>();
        for (AlarmView a : alarms) {
            names.add(text(a.name()));
        }
        return String.join(", ", names);
    }

    private static void appendSentence(StringBuilder sb, String part) {
        if (!isBlank(part)) {
            sb.append(' ').append(sentence(part));
        }
    }

    /** The text, stripped, ending with a full stop unless it already ends a sentence. */
    private static String sentence(String s) {
        String t = text(s);
        if (t.isEmpty()) {
            return t;
        }
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' ? t : t + ".";
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
