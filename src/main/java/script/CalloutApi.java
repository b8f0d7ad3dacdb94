package script;

import java.util.List;
import twiml.AckOutcome;
import twiml.AlarmView;
import twiml.UserView;

/** What call scripts may ask of Callout (binding {@code callout}); the application implements it. */
public interface CalloutApi {

    /** Active, unacknowledged alarms that concern the user, newest first. */
    List<AlarmView> activeAlarms(long userId);

    /** The roster user whose sms or phone number is {@code e164}, or null. */
    UserView userByNumber(String e164);

    /** Checks the PIN and acknowledges; {@code channel} is "voice", "sms" or "script". */
    AckOutcome acknowledge(long alarmId, long userId, String pin, String channel);

    /** Sends an SMS from Callout's number; true if Twilio accepted it. */
    boolean sendSms(String to, String body);

    /**
     * The seed's {@code sendMessage(to, body, from)}: an SMS from another number of the account (E.164) or an
     * alphanumeric sender ID (1-11 letters, digits and spaces, at least one letter); null is Callout's number.
     */
    boolean sendSms(String to, String body, String from);

    /**
     * The seed's {@code system.twilio.getUser(id)}: that user's six counters ({@code getMessagesSent()},
     * {@code getMessagesReceived()}, {@code getCallsSent()}, {@code getCallsReceived()}, {@code getCallMinutesSent()},
     * {@code getCallMinutesReceived()}) with {@code getUsername()} and {@code getPhoneNumber()}; null when unknown.
     */
    stats.TwilioUser getUser(long userId);
}
