package heartbeat;

import java.time.Instant;

/**
 * A heartbeat as the API shows it: {@code state} ok (beating, or new and not yet due) or lost (its alarm raised);
 * {@code lastBeat} null until the first beat; {@code dueBy} when the next beat must have come.
 */
public record Heartbeat(long id, String name, String interval, String roster, String priority, String state,
                        Instant lastBeat, Instant dueBy) {

    /** The alarm source of this heartbeat's lost alarm. */
    public String source() {
        return "heartbeat/" + name;
    }
}
