package maintenance;

import java.time.Instant;
import java.util.regex.Pattern;

/** A maintenance window: alarms whose source matches {@code sources} raised in [start, end) notify nobody. */
public record MaintenanceWindow(long id, String sources, Instant start, Instant end, String reason,
                                @com.fasterxml.jackson.annotation.JsonIgnore Pattern pattern) {

    public boolean covers(String source, Instant at) {
        return !at.isBefore(start) && at.isBefore(end) && pattern.matcher(source).matches();
    }

    /** For the API: whether the window is on now is decided by the caller's clock. */
    public record View(long id, String sources, Instant start, Instant end, String reason, boolean active) {
    }

    public View view(Instant now) {
        return new View(id, sources, start, end, reason, !now.isBefore(start) && now.isBefore(end));
    }
}
