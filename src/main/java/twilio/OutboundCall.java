package twilio;

/** A call for camel-twilio's call/creator: Twilio fetches its TwiML from {@code url}. */
public record OutboundCall(String to, String from, String url, String statusCallback, int timeoutSeconds) {
}
