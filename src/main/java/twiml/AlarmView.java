package twiml;

import java.time.Instant;

/** What a call script and the default TwiML know of an alarm. */
public record AlarmView(long id, String source, String name, String displayPath, String priority,
                        String state, String message, String ackCode, Instant eventTime) {
}
