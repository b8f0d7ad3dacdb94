package twilio;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The {@code twilio} check of {@code /observe/health}: DOWN while notifications are held because Twilio refuses.
 * Readiness only (a restart does not bring Twilio back, so never liveness); whether it may make the instance not
 * ready is the deployment's call: it is this check's id, {@code twilio}, to leave out.
 */
public final class TwilioHealthCheck extends AbstractHealthCheck {

    private final TwilioHealth health;

    public TwilioHealthCheck(TwilioHealth health) {
        super("callout", "twilio");
        this.health = health;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        TwilioHealth.State s = health.state();
        builder.detail("since", s.since().toString());
        if (s.up()) {
            builder.up();
        } else {
            builder.message("Twilio refuses requests since " + s.since() + ": " + s.reason()
                    + " (notifications are held and retried)");
            builder.down();
        }
    }
}
