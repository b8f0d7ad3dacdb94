package twiml;

import java.time.ZoneId;
import java.util.List;

/**
 * Callout's default TwiML and texts in English: {@link LocalTwiml#EN}, kept as static calls for scripts and for
 * callers that have no user (and so no language). Where a user is known, use {@link LocalTwiml#of} their language.
 */
public final class DefaultTwiml {

    /** Longest outbound alarm SMS (two GSM segments' worth, kept readable). */
    public static final int SMS_NOTIFICATION_MAX = LocalTwiml.SMS_NOTIFICATION_MAX;
    /** Twilio's limit for one message body. */
    public static final int SMS_REPLY_MAX = LocalTwiml.SMS_REPLY_MAX;

    private static final LocalTwiml EN = LocalTwiml.EN;

    private DefaultTwiml() {
    }

    public static String ackAction(long notificationId) {
        return LocalTwiml.ackAction(notificationId);
    }

    public static String inboundAckAction(long alarmId) {
        return LocalTwiml.inboundAckAction(alarmId);
    }

    public static String againAction(long notificationId) {
        return LocalTwiml.againAction(notificationId);
    }

    public static String notify(AlarmView alarm, long notificationId, String voice, String language) {
        return EN.notify(alarm, notificationId, voice, language);
    }

    public static String notify(AlarmView alarm, long notificationId, String voice, String language, ZoneId zone) {
        return EN.notify(alarm, notificationId, voice, language, zone);
    }

    public static String again(AlarmView alarm, long notificationId, String voice, String language, ZoneId zone) {
        return EN.again(alarm, notificationId, voice, language, zone);
    }

    public static String passedOn(boolean passed, String voice, String language) {
        return EN.passedOn(passed, voice, language);
    }

    public static String whenWhere(AlarmView alarm, ZoneId zone) {
        return EN.whenWhere(alarm, zone);
    }

    public static String ackResult(AckOutcome outcome, AlarmView alarm, long notificationId, String voice,
                                   String language) {
        return EN.ackResult(outcome, alarm, notificationId, voice, language);
    }

    public static String inboundAckResult(AckOutcome outcome, AlarmView alarm, AlarmView nextAlarm, String voice,
                                          String language) {
        return EN.inboundAckResult(outcome, alarm, nextAlarm, voice, language);
    }

    public static String ackResult(AckOutcome outcome, AlarmView alarm, String retryAction, AlarmView nextAlarm,
                                   String voice, String language) {
        return EN.ackResult(outcome, alarm, retryAction, nextAlarm, voice, language);
    }

    public static String inbound(UserView user, List<AlarmView> activeAlarms, String voice, String language) {
        return EN.inbound(user, activeAlarms, voice, language);
    }

    public static String fallback(String voice, String language) {
        return EN.fallback(voice, language);
    }

    public static String alarmSentence(AlarmView alarm) {
        return EN.alarmSentence(alarm);
    }

    public static String smsNotification(AlarmView alarm, String ackCode) {
        return EN.smsNotification(alarm, ackCode);
    }

    public static String smsNotification(AlarmView alarm, String ackCode, java.time.Instant at, ZoneId zone) {
        return EN.smsNotification(alarm, ackCode, at, zone);
    }

    public static String smsAckResult(AckOutcome outcome, List<AlarmView> alarms) {
        return EN.smsAckResult(outcome, alarms);
    }

    public static String smsStatus(UserView user, List<AlarmView> activeAlarms) {
        return EN.smsStatus(user, activeAlarms);
    }

    public static String smsHelp() {
        return EN.smsHelp();
    }

    public static String smsUnknownSender() {
        return EN.smsUnknownSender();
    }

    public static String smsEscalated(AlarmView alarm, boolean passed) {
        return EN.smsEscalated(alarm, passed);
    }

    public static String smsClosed(AlarmView alarm, boolean cleared) {
        return EN.smsClosed(alarm, cleared);
    }
}
