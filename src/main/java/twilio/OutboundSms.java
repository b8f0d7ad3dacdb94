package twilio;

/**
 * An SMS for camel-twilio's message/creator; {@code statusCallback} receives every status change. {@code accountSid}
 * picks the Twilio profile it goes out on (null: the default profile). Every outbound SMS (alarm texts, scripts' and
 * the API's messages) is built here, so its body is cleaned of control characters here ({@link twiml.PhoneText}).
 */
public record OutboundSms(String to, String from, String body, String statusCallback, String accountSid) {

    public OutboundSms {
        body = twiml.PhoneText.clean(body);
    }

    public OutboundSms(String to, String from, String body, String statusCallback) {
        this(to, from, body, statusCallback, null);
    }
}
