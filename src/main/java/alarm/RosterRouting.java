package alarm;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which roster an alarm goes to: its own {@code roster} field if that roster exists, else the roster named by
 * {@code callout.routing.priority.<Priority>}, else {@code callout.routing.default-roster}.
 */
public final class RosterRouting {

    private final Function<String, Optional<String>> props;
    private final Predicate<String> rosterExists;
    private final String defaultRoster;

    public RosterRouting(Function<String, Optional<String>> props, Predicate<String> rosterExists,
                         String defaultRoster) {
        this.props = props;
        this.rosterExists = rosterExists;
        this.defaultRoster = defaultRoster;
    }

    /** The roster name and, when the alarm's own roster was unknown, a warning saying what was used instead. */
    public record Choice(String roster, String warning) {
    }

    public Choice rosterFor(AlarmInput alarm) {
        String warning = null;
        if (alarm.roster() != null) {
            if (rosterExists.test(alarm.roster())) {
                return new Choice(alarm.roster(), null);
            }
            warning = "roster: '" + alarm.roster() + "' does not exist";
        }
        String byPriority = props.apply("callout.routing.priority." + alarm.priority().name())
                .filter(s -> !s.isBlank()).orElse(null);
        String chosen = byPriority != null ? byPriority : defaultRoster;
        return new Choice(chosen, warning == null ? null : warning + "; using '" + chosen + "'");
    }
}
