package alarm;

import java.time.Instant;

/** One validated alarm event. */
public record AlarmInput(String source, String name, String displayPath, Priority priority, boolean active,
                         String message, String roster, String eventId, Instant eventTime) {
}
