package schedule;

import java.time.Instant;

/**
 * A change of who is on call for {@code [start, end)}: {@code ADD user}, {@code REMOVE user}, or {@code REPLACE user}
 * by {@code toUser}. Overrides apply on top of the rotations, in the order they were made (by id).
 */
public record ScheduleOverride(long id, Instant start, Instant end, Kind kind, long user, Long toUser) {

    /** What an override does to the people on call. */
    public enum Kind { ADD, REMOVE, REPLACE }

    boolean covers(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
