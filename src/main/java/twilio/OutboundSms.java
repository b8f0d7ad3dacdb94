package twilio;

/**
 * An SMS for camel-twilio's message/creator; {@code statusCallback} receives every status change. {@code accountSid}
 * picks the Twilio profile it goes out on (null: the default profile).
 */
public record OutboundSms(String to, String from, String body, String statusCallback, String accountSid) {

    public OutboundSms(String to, String from, String body, String statusCallback) {
        this(to, from, body, statusCallback, null);
    }
}
