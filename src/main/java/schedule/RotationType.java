package schedule;

import java.time.temporal.ChronoUnit;

/** How long one shift-length unit of a rotation is; every unit counts in the schedule's local time. */
public enum RotationType {
    HOURLY(ChronoUnit.HOURS), DAILY(ChronoUnit.DAYS), WEEKLY(ChronoUnit.WEEKS);

    final ChronoUnit unit;

    RotationType(ChronoUnit unit) {
        this.unit = unit;
    }

    /** The JSON name ({@code hourly}, {@code daily}, {@code weekly}). */
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
