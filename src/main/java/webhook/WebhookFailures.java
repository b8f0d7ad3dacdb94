package webhook;

import audit.AuditLog;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records rejected and failed webhooks; for a failed one, answers TwiML that ends the call politely. */
public final class WebhookFailures {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookFailures.class);
    static final String SORRY = "<Response><Say>Sorry, Callout could not handle this call. Goodbye.</Say><Hangup/></Response>";

    private final AuditLog audit;
    private final Consumer<String> rejectedMetric;

    public WebhookFailures(AuditLog audit, Consumer<String> rejectedMetric) {
        this.audit = audit;
        this.rejectedMetric = rejectedMetric;
    }

    public void rejected(Exception e, String uri) {
        LOG.warn("Rejected webhook {}: {}", uri, e.getMessage());
        audit.record("webhook-rejected", null, null, null, "403", e.getMessage() + " on " + uri);
        rejectedMetric.accept(e.getMessage());
    }

    public String failed(Exception e, String uri) {
        LOG.error("Webhook {} failed", uri, e);
        audit.record("webhook-error", null, null, null, "error", e + " on " + uri);
        return uri != null && uri.startsWith("/twilio/voice") ? SORRY : "<Response/>";
    }
}
