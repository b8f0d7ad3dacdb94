package twilio;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The {@code twilio} check of {@code /observe/health}: DOWN while notifications are held because Twilio refuses.
 * Neither liveness nor readiness: a restart does not bring Twilio back, and an instance that cannot reach Twilio
 * still takes alarms, acknowledgements and webhooks and holds its notifications until Twilio answers, so taking it
 * out of the load balancer would only make things worse (DESIGN: "Twilio state reported, not fatal"). It turns
 * {@code /observe/health} DOWN (503) for monitoring and alerting, and leaves {@code /observe/health/ready} alone.
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
    public boolean isReadiness() {
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
