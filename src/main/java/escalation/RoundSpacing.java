package escalation;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A round never starts again sooner than {@code spacing} after the previous round began: a person's failures
 * (busy, no-answer) escalate at once, and with a short roster they would otherwise use every round within seconds
 * (a one-person roster with a phone that does not answer used all three in 0.2 s).
 */
final class RoundSpacing {

    private RoundSpacing() {
    }

    /**
     * When round {@code round + 1} of the alarm may begin at the earliest, or empty when it may begin now. The
     * round began with its first notification (the unique key's prefix (alarm_id, round_no) finds them).
     */
    static Optional<Instant> notBefore(Handle h, long alarmId, int round, Duration spacing, Instant now) {
        Optional<OffsetDateTime> began = h.createQuery("SELECT MIN(created_at) FROM notifications "
                        + "WHERE alarm_id = :a AND round_no = :r")
                .bind("a", alarmId).bind("r", round).mapTo(OffsetDateTime.class).findOne();
        return began.map(b -> b.toInstant().plus(spacing)).filter(at -> at.isAfter(now));
    }
}
