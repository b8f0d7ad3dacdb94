package schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * A rotation is only on call inside these local hours: from {@code from} (inclusive) to {@code to} (exclusive) on
 * each of {@code days}. When {@code to} is before {@code from} the window crosses midnight and belongs to the day it
 * starts on ({@code FRI 22:00-06:00} is Friday night into Saturday morning).
 */
public record Restriction(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    public Restriction {
        days = Set.copyOf(days);
    }

    boolean crossesMidnight() {
        return !to.isAfter(from);
    }
}
