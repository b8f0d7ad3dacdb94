package roster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A roster, which is an escalation policy. Two forms: {@code members} (one step per member,
 * {@code callout.escalation.delay} apart, as rosters always were) or {@code steps} (each step's targets are notified
 * together, then the step's delay). {@code rounds} (optional in both) overrides {@code callout.escalation.rounds}.
 * {@code profile} names the Twilio profile its notifications go out on (null: the default profile).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Roster(String name, List<Long> members, List<String> channels, Integer rounds, List<Step> steps,
                     String profile) {

    public Roster(String name, List<Long> members, List<String> channels) {
        this(name, members, channels, null, null, null);
    }

    public Roster(String name, List<Long> members, List<String> channels, Integer rounds, List<Step> steps) {
        this(name, members, channels, rounds, steps, null);
    }

    /** One step of the full form: who is notified together, and how long to wait for an ack before the next step. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(List<Target> targets, String delay) {
    }

    /** A user, or whoever a schedule has on call when the step runs; exactly one of the two. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(Long user, String schedule) {

        public static Target user(long id) {
            return new Target(id, null);
        }
    }

    /** True for the full form (steps), false for the members form. */
    @JsonIgnore
    public boolean isPolicy() {
        return steps != null;
    }
}
