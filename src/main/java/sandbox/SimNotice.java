package sandbox;

import java.time.Instant;

/**
 * A webhook failure, shown both as a 2010 Notification and as a Monitor Alert (they share the NO SID, as on Twilio).
 * {@code callSid} is set for call webhooks; {@code resourceSid} names the call or message concerned.
 */
record SimNotice(String sid, long seq, String callSid, String resourceSid, String errorCode, String logLevel,
                 String text, String requestUrl, String requestMethod, Instant dateCreated) {
}
