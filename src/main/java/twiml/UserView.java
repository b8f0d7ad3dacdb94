package twiml;

/** What a call script and the default TwiML know of a roster user (never the PIN). */
public record UserView(long id, String username, String sms, String phone, String language) {
}
