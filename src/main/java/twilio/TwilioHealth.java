package twilio;

import java.time.Clock;
import java.time.Instant;

/**
 * Whether Twilio takes Callout's requests: down when a notification had to be held because Twilio still refused
 * after retries (429, 5xx, no connection), up again at the next request it accepts.
 */
public final class TwilioHealth {

    /** What the health check shows: up, or down since when and why. */
    public record State(boolean up, Instant since, String reason) {
    }

    private final Clock clock;
    private volatile State state;

    public TwilioHealth(Clock clock) {
        this.clock = clock;
        this.state = new State(true, clock.instant(), null);
    }

    public State state() {
        return state;
    }

    public void down(String reason) {
        State s = state;
        // keep the first moment it went down; the reason is the latest
        state = new State(false, s.up() ? clock.instant() : s.since(), reason);
    }

    public void up() {
        if (!state.up()) {  // a volatile read on the hot path; a write only when it changes
            state = new State(true, clock.instant(), null);
        }
    }
}
