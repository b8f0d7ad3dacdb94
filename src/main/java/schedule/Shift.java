package schedule;

import java.time.Instant;

/** One continuous time on call of one user; {@code end} is null when no end is in sight. */
public record Shift(long userId, Instant start, Instant end) {
}
