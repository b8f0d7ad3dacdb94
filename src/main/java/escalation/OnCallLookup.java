package escalation;

import java.time.Instant;
import java.util.List;

/**
 * Who a schedule has on call: what a policy's schedule target asks when its step runs. Bound as bean
 * {@code onCallLookup}; without one, {@link #NONE} knows no schedules (a schedule target is then refused when a
 * policy is written, and a step whose schedule disappeared is audited as empty and skipped).
 */
public interface OnCallLookup {

    /** Ids of the users on call in {@code schedule} (name or id) at {@code at}, in order; empty if none or unknown. */
    List<Long> onCall(String schedule, Instant at);

    boolean exists(String schedule);

    OnCallLookup NONE = new OnCallLookup() {
        @Override
        public List<Long> onCall(String schedule, Instant at) {
            return List.of();
        }

        @Override
        public boolean exists(String schedule) {
            return false;
        }
    };
}
