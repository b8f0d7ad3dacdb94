package twilio;

/** An SMS for camel-twilio's message/creator; {@code statusCallback} receives every status change. */
public record OutboundSms(String to, String from, String body, String statusCallback) {
}
