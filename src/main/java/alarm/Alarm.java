package alarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An alarm as stored, with its acknowledgement and the notifications it caused; {@code suppressed} while a
 * maintenance window holds its notifications back.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Alarm(long id, String source, String name, String displayPath, String priority, String state,
                    String message, String roster, String eventId, Instant eventTime, String input,
                    Instant receivedAt, Instant clearedAt, Ack ack, List<NotificationView> notifications,
                    boolean suppressed) {

    /** Who acknowledged, over which channel, when. */
    public record Ack(long userId, String channel, Instant at) {
    }

    /** A notification as the alarm API shows it. */
    public record NotificationView(long id, long userId, String channel, String status, String twilioSid,
                                   int attempt, Instant at) {
    }

    public Alarm withNotifications(List<NotificationView> n) {
        return new Alarm(id, source, name, displayPath, priority, state, message, roster, eventId, eventTime, input,
                receivedAt, clearedAt, ack, n, suppressed);
    }

    public boolean isActive() {
        return "active".equals(state);
    }
}
