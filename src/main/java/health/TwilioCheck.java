package health;

import com.twilio.base.Page;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports whether Twilio (or the sandbox) answers, without making the instance unready: an instance that cannot
 * reach Twilio still takes alarms, acknowledgements and webhooks, and holds notifications until Twilio is back, so an
 * orchestrator must not take it out of the load balancer for that. Always UP; the message and the {@code twilio}
 * detail say {@code reachable} or {@code unreachable: ...}. Twilio is asked (one message list page of one) at most
 * once per {@code every}, so frequent probes cost no API calls.
 */
public final class TwilioCheck extends AbstractHealthCheck {

    private final TwilioRestClient client;
    private final Duration every;
    private final long timeoutMillis;
    private final Clock clock;
    private volatile Instant askedAt = Instant.EPOCH;
    private volatile String state = "not checked yet";

    public TwilioCheck(TwilioRestClient client, Duration every, long timeoutMillis, Clock clock) {
        super("callout", "callout-twilio");
        this.client = client;
        this.every = every;
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant now = clock.instant();
        if (!now.isBefore(askedAt.plus(every))) {
            askedAt = now;
            state = ask();
        }
        builder.up().message("Twilio " + state + " (reported, not a readiness condition)").detail("twilio", state);
    }

    private String ask() {
        try {
            TimeLimit.run(() -> {
                Page<Message> page = Message.reader().pageSize(1).firstPage(client);
                return page.getRecords().size();
            }, timeoutMillis);
            return "reachable";
        } catch (Exception e) {
            return "unreachable: " + e.getMessage();
        }
    }
}
