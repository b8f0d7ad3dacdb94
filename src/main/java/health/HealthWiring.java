package health;

import com.twilio.http.TwilioRestClient;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/**
 * Callout's readiness checks, bound as beans: Camel's health registry picks up every HealthCheck in the registry and
 * serves them with its own on {@code /observe/health}, {@code /observe/health/live} (liveness: the Camel context) and
 * {@code /observe/health/ready} (readiness: these, routes and consumers).
 */
public final class HealthWiring {

    /** How long one probe may take before it counts as down. */
    static final long PROBE_MILLIS = 2000;

    private HealthWiring() {
    }

    public static void bind(CamelContext context, DataSource dataSource, TwilioRestClient twilio) {
        context.getRegistry().bind("callout-database-check", new DatabaseCheck(dataSource, PROBE_MILLIS));
        context.getRegistry().bind("callout-brokers-check", new BrokersCheck(PROBE_MILLIS));
        context.getRegistry().bind("callout-twilio-check",
                new TwilioCheck(twilio, Duration.ofSeconds(30), PROBE_MILLIS, Clock.systemUTC()));
    }
}
