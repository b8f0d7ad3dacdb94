package escalation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import roster.Roster;
import roster.User;

/**
 * The people a step reaches at the moment it runs: user targets as they are, schedule targets as whoever is on
 * call then. Each person once, in target order; users that no longer exist are left out.
 */
public final class TargetResolver {

    private final LongFunction<Optional<User>> users;
    private final OnCallLookup onCall;

    public TargetResolver(LongFunction<Optional<User>> users, OnCallLookup onCall) {
        this.users = users;
        this.onCall = onCall;
    }

    public List<User> resolve(List<Roster.Target> targets, Instant at) {
        Set<Long> ids = new LinkedHashSet<>();
        for (Roster.Target t : targets) {
            if (t.user() != null) {
                ids.add(t.user());
            } else if (t.schedule() != null) {
                ids.addAll(onCall.onCall(t.schedule(), at));
            }
        }
        List<User> out = new ArrayList<>();
        for (long id : ids) {
            users.apply(id).ifPresent(out::add);
        }
        return out;
    }

    /** The targets for the audit trail: {@code user 4, schedule day-shift}. */
    public static String describe(List<Roster.Target> targets) {
        List<String> parts = new ArrayList<>();
        for (Roster.Target t : targets) {
            parts.add(t.user() != null ? "user " + t.user() : "schedule " + t.schedule());
        }
        return String.join(", ", parts);
    }
}
