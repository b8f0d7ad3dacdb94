package twilio;

/**
 * A call for camel-twilio's call/creator: Twilio fetches its TwiML from {@code url}. {@code accountSid} picks the
 * Twilio profile it goes out on (null: the default profile).
 */
public record OutboundCall(String to, String from, String url, String statusCallback, int timeoutSeconds,
                           String accountSid) {

    public OutboundCall(String to, String from, String url, String statusCallback, int timeoutSeconds) {
        this(to, from, url, statusCallback, timeoutSeconds, null);
    }
}
