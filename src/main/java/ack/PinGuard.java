package ack;

import alarm.AlarmStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The PIN lockout: {@value #MAX_FAILURES} wrong PINs within {@link #WINDOW} lock a user's acknowledgements for
 * {@link #LOCK}, counted from the failure that locked. The user's {@code pin_guard} row is read FOR UPDATE, so the
 * lock check and the count are one atomic step across threads and instances: a burst of replies gets exactly
 * {@value #MAX_FAILURES} wrong PINs evaluated, every later one is refused as locked, a right PIN included.
 */
public final class PinGuard {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);

    /** What one PIN attempt came to. */
    public enum Verdict { ACCEPTED, WRONG, WRONG_NOW_LOCKED, LOCKED }

    private final Jdbi jdbi;
    private final Clock clock;

    public PinGuard(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** True while the user is locked out (a plain read: a quick refusal before any PIN is hashed). */
    public boolean locked(long userId) {
        Instant until = jdbi.withHandle(h -> h.createQuery("SELECT locked_until FROM pin_guard WHERE user_id = :u")
                .bind("u", userId).map((rs, ctx) -> AlarmStore.instant(rs, "locked_until")).findOne().orElse(null));
        return until != null && clock.instant().isBefore(until);
    }

    /**
     * Counts an attempt whose PIN was already checked ({@code pinMatches}): refused when locked, else a wrong PIN is
     * counted (locking at the {@value #MAX_FAILURES}th) and a right one clears the count.
     */
    public Verdict attempt(long userId, boolean pinMatches) {
        ensureRow(userId);
        return jdbi.inTransaction(h -> {
            Guard g = h.createQuery("SELECT failures, window_start, locked_until FROM pin_guard WHERE user_id = :u "
                            + "FOR UPDATE")
                    .bind("u", userId).map((rs, ctx) -> new Guard(rs.getInt("failures"),
                            AlarmStore.instant(rs, "window_start"), AlarmStore.instant(rs, "locked_until"))).one();
            Instant now = clock.instant();
            if (g.lockedUntil() != null && now.isBefore(g.lockedUntil())) {
                return Verdict.LOCKED;
            }
            if (pinMatches) {
                if (g.failures() > 0 || g.lockedUntil() != null) {
                    update(h, userId, 0, null, null);
                }
                return Verdict.ACCEPTED;
            }
            boolean freshWindow = g.windowStart() == null || !now.isBefore(g.windowStart().plus(WINDOW));
            int failures = freshWindow ? 1 : g.failures() + 1;
            if (failures >= MAX_FAILURES) {
                update(h, userId, 0, null, now.plus(LOCK));
                return Verdict.WRONG_NOW_LOCKED;
            }
            update(h, userId, failures, freshWindow ? now : g.windowStart(), null);
            return Verdict.WRONG;
        });
    }

    private record Guard(int failures, Instant windowStart, Instant lockedUntil) {
    }

    private static void update(Handle h, long userId, int failures, Instant windowStart, Instant lockedUntil) {
        h.createUpdate("UPDATE pin_guard SET failures = :f, window_start = :w, locked_until = :l WHERE user_id = :u")
                .bind("f", failures).bind("w", AlarmStore.ts(windowStart)).bind("l", AlarmStore.ts(lockedUntil))
                .bind("u", userId).execute();
    }

    /** The user's row, created at the first attempt; a concurrent creator's duplicate key is harmless. */
    private void ensureRow(long userId) {
        boolean exists = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pin_guard WHERE user_id = :u")
                .bind("u", userId).mapTo(Integer.class).one()) > 0;
        if (!exists) {
            try {
                jdbi.useHandle(h -> h.createUpdate("INSERT INTO pin_guard (user_id, failures) VALUES (:u, 0)")
                        .bind("u", userId).execute());
            } catch (RuntimeException raced) {
                // another request created it first: the FOR UPDATE read below finds it
            }
        }
    }
}
