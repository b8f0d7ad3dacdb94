package schedule;

import java.time.ZoneId;
import java.util.List;

/** A named on-call schedule: its time zone and its rotations, in layer order (the last wins where it has someone). */
public record Schedule(long id, String name, ZoneId zone, List<Rotation> rotations) {

    public Schedule {
        rotations = List.copyOf(rotations);
    }
}
