package escalation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import roster.Roster;

/**
 * A roster as escalation runs it, whichever form it was written in: ordered steps (targets notified together, then
 * the step's delay), the channels of people without contact rules, and the number of rounds.
 */
public record Policy(String name, List<String> channels, int rounds, List<Step> steps) {

    public record Step(List<Roster.Target> targets, Duration delay) {
    }

    /** The members form becomes one step per member, {@code defaultDelay} apart. */
    public static Policy of(Roster r, Duration defaultDelay, int defaultRounds) {
        List<Step> steps = new ArrayList<>();
        if (r.isPolicy()) {
            for (Roster.Step s : r.steps()) {
                steps.add(new Step(s.targets(), Duration.parse(s.delay())));
            }
        } else {
            for (Long member : r.members()) {
                steps.add(new Step(List.of(Roster.Target.user(member)), defaultDelay));
            }
        }
        return new Policy(r.name(), r.channels(), r.rounds() == null ? defaultRounds : r.rounds(), steps);
    }

    /** A round never restarts sooner than this after it began. */
    public Duration roundLength() {
        return steps.stream().map(Step::delay).reduce(Duration.ZERO, Duration::plus);
    }
}
