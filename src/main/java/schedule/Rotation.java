package schedule;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One layer of a schedule: {@code members} take turns, each for {@code shiftLength} units of {@code type}, the first
 * hand-off at {@code start} (local time in the schedule's zone), optionally only inside {@code restrict} windows.
 */
public record Rotation(String name, RotationType type, int shiftLength, LocalDateTime start, List<Long> members,
                       List<Restriction> restrict) {

    public Rotation {
        members = List.copyOf(members);
        restrict = restrict == null ? List.of() : List.copyOf(restrict);
    }
}
