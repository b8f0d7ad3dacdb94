package webhook;

import audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records rejected and failed webhooks; for a failed one, answers TwiML that ends the call politely. */
public final class WebhookFailures {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookFailures.class);
    static final String SORRY = "<Response><Say>Sorry, Callout could not handle this call. Goodbye.</Say><Hangup/></Response>";

    private final AuditLog audit;
    private final RejectedWebhooks rejections;

    public WebhookFailures(AuditLog audit, RejectedWebhooks rejections) {
        this.audit = audit;
        this.rejections = rejections;
    }

    /** Counted, not written out one by one (see {@link RejectedWebhooks}): the caller is not authenticated. */
    public void rejected(Exception e, String uri) {
        String source = e instanceof twilio.SignatureCheck.WebhookRejected r ? r.source() : null;
        rejections.rejected(source, e.getMessage(), web.HttpRequest.loggable(uri));
    }

    public String failed(Exception e, String uri) {
        LOG.error("Webhook {} failed", web.HttpRequest.loggable(uri), e);
        audit.record("webhook-error", null, null, null, "error", e + " on " + web.HttpRequest.loggable(uri));
        return uri != null && uri.startsWith("/twilio/voice") ? SORRY : "<Response/>";
    }
}
