package twiml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Callout's TwiML and texts for every situation in one language (a {@link Prompts} pack), built with {@link VoiceTwiml} and
 * {@link MessagingTwiml}. Texts are short and plain, for someone woken at 3 a.m.; alarm text
 * is user data and is always spoken or sent literally.
 */
public final class LocalTwiml {

    /** Longest outbound alarm SMS (two GSM segments' worth, kept readable). */
    public static final int SMS_NOTIFICATION_MAX = 300;
    /** Twilio's limit for one message body. */
    public static final int SMS_REPLY_MAX = 1600;


    /** Callout's words in English. */
    public static final LocalTwiml EN = new LocalTwiml(Prompts.EN);

    /**
     * A hook that may reword a text before it is spoken or sent ({@code scripts/texts.groovy} through
     * {@code notify.Wording}): {@code kind} names the situation ({@code voice}: the alarm as spoken; {@code reply-ack},
     * {@code reply-list}, {@code reply-help}, {@code reply-unknown}, {@code reply-escalate}, {@code reply-close}: the
     * SMS replies), {@code alarm} the alarm it is about (may be null), {@code text} Callout's own words.
     */
    @FunctionalInterface
    public interface Reword {
        String apply(String kind, AlarmView alarm, String text);
    }

    private final Prompts p;
    private final Reword reword;

    public LocalTwiml(Prompts p) {
        this(p, null);
    }

    private LocalTwiml(Prompts p, Reword reword) {
        this.p = p;
        this.reword = reword;
    }

    /** These words, each spoken alarm and SMS reply passed through {@code reword} first. */
    public LocalTwiml rewordedBy(Reword reword) {
        return new LocalTwiml(p, reword);
    }

    /** Whether a script may reword this one's texts ({@link #rewordedBy}); if not, the same inputs give the same words. */
    public boolean isReworded() {
        return reword != null;
    }

    private String worded(String kind, AlarmView alarm, String text) {
        return reword == null ? text : reword.apply(kind, alarm, text);
    }

    public static LocalTwiml of(String languageTag) {
        Prompts pack = Prompts.of(languageTag);
        return pack == Prompts.EN ? EN : new LocalTwiml(pack);
    }

    public Prompts prompts() {
        return p;
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
    public String notify(AlarmView alarm, long notificationId, String voice, String language) {
        return notify(alarm, notificationId, voice, language, java.time.ZoneOffset.UTC);
    }

    /**
     * The outbound alarm call with its menu: when and where first ("Alarm at 03:12, site1 boiler1."), then the alarm;
     * PIN + # acknowledges, {@code *} hears it again, {@code 5} passes it to the next step (all posted to
     * {@code /twilio/voice/ack/{notificationId}}). No input reads it once more ({@code again}), then says goodbye.
     */
    public String notify(AlarmView alarm, long notificationId, String voice, String language,
                                java.time.ZoneId zone) {
        VoiceTwiml twiml = new VoiceTwiml(voice, language).say(whenWhere(alarm, zone)).say(alarmSentence(alarm));
        return menu(twiml, ackAction(notificationId), againAction(notificationId)).toXml();
    }

    /** The alarm read again (after {@code *}, or once after no input); no input this time says goodbye. */
    public String again(AlarmView alarm, long notificationId, String voice, String language,
                               java.time.ZoneId zone) {
        VoiceTwiml twiml = new VoiceTwiml(voice, language).say(whenWhere(alarm, zone)).say(alarmSentence(alarm));
        return menu(twiml, ackAction(notificationId), null).toXml();
    }

    /** An inbound call's {@code *}: that alarm again, when and where first, with the same menu. */
    public String inboundAgain(AlarmView alarm, String voice, String language, java.time.ZoneId zone) {
        VoiceTwiml twiml = new VoiceTwiml(voice, language).say(whenWhere(alarm, zone)).say(alarmSentence(alarm));
        return menu(twiml, inboundAckAction(alarm.id()), null).toXml();
    }

    /** After {@code 5}: passed to the next step, or not (the alarm is no longer escalating). */
    public String passedOn(boolean passed, String voice, String language) {
        return new VoiceTwiml(voice, language).say(p.get(passed ? "v.passedOn" : "v.notPassedOn")).hangup().toXml();
    }

    public static String againAction(long notificationId) {
        return "/twilio/voice/again/" + notificationId;
    }

    private static final java.util.regex.Pattern SOURCE_SEPARATORS = java.util.regex.Pattern.compile("[/_.]+");
    private static final java.time.format.DateTimeFormatter HOURS_MINUTES =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** "Alarm at 03:12, site1 boiler1." (the event's time in the listener's zone, the source as words). */
    public String whenWhere(AlarmView alarm, java.time.ZoneId zone) {
        String where = alarm.source() == null ? "" : SOURCE_SEPARATORS.matcher(alarm.source()).replaceAll(" ").strip();
        String when = alarm.eventTime() == null ? null : HOURS_MINUTES.format(alarm.eventTime().atZone(zone));
        if (when == null) {
            return where.isEmpty() ? p.get("v.unknown") : p.get("v.where", where);
        }
        return where.isEmpty() ? p.get("v.when", when) : p.get("v.whenWhere", when, where);
    }

    private VoiceTwiml menu(VoiceTwiml twiml, String action, String noInputRedirect) {
        twiml.gather(Map.of("finishOnKey", "#", "timeout", 10, "action", action),
                (java.util.function.Consumer<VoiceTwiml.GatherScope>) g -> g.say(p.get("v.menu")));
        return noInputRedirect == null ? twiml.say(p.get("v.noInput")).hangup() : twiml.redirect(noInputRedirect);
    }

    /**
     * Reply to a PIN keyed on an outbound call ({@code /twilio/voice/ack/{notificationId}}).
     * WRONG_PIN and NO_INPUT gather again with the same action.
     */
    public String ackResult(AckOutcome outcome, AlarmView alarm, long notificationId,
                                   String voice, String language) {
        return ackResult(outcome, alarm, ackAction(notificationId), null, voice, language);
    }

    /**
     * Reply to a PIN keyed on an inbound call ({@code /twilio/voice/inbound-ack/{alarmId}}).
     * When the alarm is settled (acknowledged, already acknowledged, gone) and
     * {@code nextAlarm} is not null, the call goes on to read that alarm and gather its PIN.
     */
    public String inboundAckResult(AckOutcome outcome, AlarmView alarm, AlarmView nextAlarm,
                                          String voice, String language) {
        String retry = alarm == null ? null : inboundAckAction(alarm.id());
        return ackResult(outcome, alarm, retry, nextAlarm, voice, language);
    }

    /**
     * General form: {@code retryAction} is the gather action for WRONG_PIN / NO_INPUT (null:
     * say goodbye instead); {@code nextAlarm} (nullable) is read and gathered with its
     * inbound-ack action after a settled outcome.
     */
    public String ackResult(AckOutcome outcome, AlarmView alarm, String retryAction, AlarmView nextAlarm,
                                   String voice, String language) {
        VoiceTwiml twiml = new VoiceTwiml(voice, language);
        if (outcome == AckOutcome.LOCKED) {
            return twiml.say(p.get("v.locked")).hangup().toXml();
        }
        if (outcome == AckOutcome.WRONG_PIN || outcome == AckOutcome.NO_INPUT) {
            twiml.say(p.get(outcome == AckOutcome.WRONG_PIN ? "v.wrongPin" : "v.noPin"));
            return retryAction == null ? twiml.say(p.get("v.goodbye")).hangup().toXml()
                    : pinGather(twiml, retryAction).toXml();
        }
        String settled = switch (outcome) {
            case ACKNOWLEDGED -> alarm == null ? p.get("v.ackedAny") : p.get("v.acked", text(alarm.name()));
            case ALREADY_ACKNOWLEDGED -> alarm == null ? p.get("v.alreadyAny") : p.get("v.already", text(alarm.name()));
            default -> p.get("v.notActive");
        };
        if (nextAlarm != null) {
            twiml.say(settled + " " + p.get("v.next")).say(alarmSentence(nextAlarm));
            return menu(twiml, inboundAckAction(nextAlarm.id()), null).toXml();
        }
        return twiml.say(settled + " " + p.get("v.goodbye")).hangup().toXml();
    }

    /**
     * A call to Callout's own number. An unknown caller hears that the number is not
     * registered, then the call hangs up (a {@code <Reject>} would give no explanation);
     * a known caller hears the count of active alarms and is asked for the PIN of the first,
     * posting to {@code /twilio/voice/inbound-ack/{alarmId}}.
     */
    public String inbound(UserView user, List<AlarmView> activeAlarms, String voice, String language) {
        VoiceTwiml twiml = new VoiceTwiml(voice, language);
        if (user == null) {
            return twiml.say(p.get("v.notRegistered")).hangup().toXml();
        }
        String hello = p.get("v.hello", text(user.username()));
        if (activeAlarms == null || activeAlarms.isEmpty()) {
            return twiml.say(hello + " " + p.get("v.noAlarms")).hangup().toXml();
        }
        int n = activeAlarms.size();
        AlarmView first = activeAlarms.get(0);
        twiml.say(hello + " " + p.get("v.count", n))
                .say(alarmSentence(first));
        return menu(twiml, inboundAckAction(first.id()), null).toXml();
    }

    /** For a voice action nobody handles. */
    public String fallback(String voice, String language) {
        return new VoiceTwiml(voice, language).say(p.get("v.goodbye")).hangup().toXml();
    }

    /** "Alarm: name. displayPath. Priority p. message." with empty parts left out. */
    public String alarmSentence(AlarmView alarm) {
        StringBuilder sb = new StringBuilder(p.get("v.alarm", sentence(alarm.name())));
        appendSentence(sb, alarm.displayPath());
        if (!isBlank(alarm.priority())) {
            appendSentence(sb, p.get("v.priority", alarm.priority().strip()));
        }
        appendSentence(sb, alarm.message());
        return worded("voice", alarm, sb.toString());
    }

    private VoiceTwiml pinGather(VoiceTwiml twiml, String action) {
        return twiml.gather(Map.of("finishOnKey", "#", "timeout", 10, "action", action),
                        (java.util.function.Consumer<VoiceTwiml.GatherScope>) g -> g.say(p.get("v.pin")))
                .say(p.get("v.noInput")).hangup();
    }

    // --- SMS --------------------------------------------------------------------------------

    /**
     * Outbound alarm SMS, at most {@value #SMS_NOTIFICATION_MAX} characters:
     * {@code [HIGH] High Level - Tank 1 Level: Tank 1 level at 95%. Reply K7 <PIN> to acknowledge.}
     * The alarm part is cut (ending "...") so the reply instruction always fits.
     */
    public String smsNotification(AlarmView alarm, String ackCode) {
        return smsNotification(alarm, ackCode, null, null);
    }

    /**
     * The alarm SMS with the time of the event ({@code HH:mm} in the reader's zone) after the priority:
     * {@code [HIGH] 10:00 High Level - Tank 1 Level: Tank 1 level at 95%. Reply K7 <PIN> to acknowledge.}
     * Without a time or zone, as {@link #smsNotification(AlarmView, String)}.
     */
    public String smsNotification(AlarmView alarm, String ackCode, java.time.Instant at, java.time.ZoneId zone) {
        String tail = " " + p.get("s.reply", ackCode);
        String time = at == null || zone == null ? null
                : HOURS_MINUTES.format(at.atZone(zone));
        String head = alarmLine(alarm, time);
        int room = SMS_NOTIFICATION_MAX - tail.length();
        if (head.length() > room) {
            head = head.substring(0, Math.max(0, room - 3)).stripTrailing() + "...";
        }
        return head + tail;
    }

    /**
     * One SMS for several held alarms: {@code 7 new alarms (2 Critical): Boiler overtemp (site1/boiler1) 03:12, …
     * Reply ALL <PIN> to acknowledge all, LIST for codes.}, at most {@value #SMS_NOTIFICATION_MAX} characters (the
     * list is cut with "…" so the reply instruction always fits).
     */
    public String smsBundle(List<AlarmView> alarms, java.time.ZoneId zone) {
        long critical = alarms.stream().filter(a -> "Critical".equalsIgnoreCase(text(a.priority()))).count();
        String head = p.get("s.bundleHead", alarms.size()) + (critical > 0 ? " " + p.get("s.bundleCritical", critical)
                : "") + ": ";
        String tail = " " + p.get("s.bundleTail");
        StringBuilder list = new StringBuilder();
        for (AlarmView a : alarms) {
            String item = (list.length() == 0 ? "" : ", ") + text(a.name())
                    + (isBlank(a.source()) ? "" : " (" + a.source().strip() + ")")
                    + (a.eventTime() == null ? "" : " " + HOURS_MINUTES.format(a.eventTime().atZone(zone)));
            if (head.length() + list.length() + item.length() + 2 + tail.length() > SMS_NOTIFICATION_MAX) {
                list.append(", …");
                break;
            }
            list.append(item);
        }
        return head + list + "." + tail;
    }

    /** Messaging TwiML reply to an SMS acknowledgement. WRONG_PIN and NOT_FOUND get the same neutral reply. */
    public String smsAckResult(AckOutcome outcome, List<AlarmView> alarms) {
        List<AlarmView> list = alarms == null ? List.of() : alarms;
        String body = switch (outcome) {
            case ACKNOWLEDGED -> list.isEmpty() ? p.get("s.acked")
                    : list.size() == 1 ? p.get("s.ackedOne", names(list))
                    : p.get("s.ackedMany", list.size(), names(list));
            case ALREADY_ACKNOWLEDGED -> list.isEmpty() ? p.get("s.already") : p.get("s.alreadyNamed", names(list));
            case WRONG_PIN, NOT_FOUND -> p.get("s.reject");
            case LOCKED -> p.get("s.locked");
            case NO_INPUT -> helpText();
        };
        return smsReply("reply-ack", list.size() == 1 ? list.get(0) : null, body);
    }

    /** Reply to "STATUS": the user's active alarms with their codes, or "No active alarms." */
    public String smsStatus(UserView user, List<AlarmView> activeAlarms) {
        if (activeAlarms == null || activeAlarms.isEmpty()) {
            return smsReply("reply-list", null, p.get("s.noAlarms"));
        }
        String tail = " " + p.get("s.statusTail");
        StringBuilder sb = new StringBuilder(p.get("s.active", activeAlarms.size()));
        for (int i = 0; i < activeAlarms.size(); i++) {
            AlarmView a = activeAlarms.get(i);
            String line = "\n" + text(a.ackCode()) + ": " + alarmLine(a);
            String more = "\n" + p.get("s.more", activeAlarms.size() - i);
            if (sb.length() + line.length() + more.length() + tail.length() > SMS_REPLY_MAX) {
                sb.append(more);
                break;
            }
            sb.append(line);
        }
        return smsReply("reply-list", null, sb.append(tail).toString());
    }

    /** Reply to text Callout does not understand. */
    public String smsHelp() {
        return smsReply("reply-help", null, helpText());
    }

    /** Reply to a sender who is not on any roster. */
    public String smsUnknownSender() {
        return smsReply("reply-unknown", null, p.get("s.unknownSender"));
    }

    private String helpText() {
        return p.get("s.help");
    }

    /** Reply to {@code ESC <code> <PIN>} once the PIN was right. */
    public String smsEscalated(AlarmView alarm, boolean passed) {
        return smsReply("reply-escalate", alarm, p.get(passed ? "s.passed" : "s.notPassed", text(alarm.name())));
    }

    /** Reply to {@code CLOSE <code> <PIN>} once the PIN was right. */
    public String smsClosed(AlarmView alarm, boolean cleared) {
        return smsReply("reply-close", alarm, p.get(cleared ? "s.cleared" : "s.alreadyClosed", text(alarm.name())));
    }

    private String smsReply(String kind, AlarmView alarm, String body) {
        return new MessagingTwiml().message(worded(kind, alarm, body)).toXml();
    }

    /** "[HIGH] name - displayPath: message." with empty parts left out. */
    static String alarmLine(AlarmView alarm) {
        return alarmLine(alarm, null);
    }

    private static String alarmLine(AlarmView alarm, String time) {
        StringBuilder sb = new StringBuilder();
        if (!isBlank(alarm.priority())) {
            sb.append('[').append(alarm.priority().strip().toUpperCase(Locale.ROOT)).append("] ");
        }
        if (time != null) {
            sb.append(time).append(' ');
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

    /** Longest list of alarm names in one reply (ALL may settle thousands: the reply stays one readable SMS). */
    static final int NAMES_MAX = 300;

    private static String names(List<AlarmView> alarms) {
        StringBuilder sb = new StringBuilder();
        for (AlarmView a : alarms) {
            String name = text(a.name());
            if (sb.length() > 0 && sb.length() + name.length() + 2 > NAMES_MAX) {
                return sb.append(", …").toString();
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(name);
        }
        return sb.toString();
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
