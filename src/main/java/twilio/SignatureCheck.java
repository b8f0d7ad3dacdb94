package twilio;

import com.twilio.security.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Verifies X-Twilio-Signature on a webhook. Twilio signs the public URL it called (query included) plus the sorted
 * POST parameters, so the URL is rebuilt from callout.public-url and the request path, never from the socket. The
 * body is left as those parameters (first value of each, {@link WebhookParams}), which the route's steps read.
 */
public final class SignatureCheck implements Processor {

    private final RequestValidator validator;
    private final String authToken;
    private final String publicUrl;

    public SignatureCheck(String authToken, String publicUrl) {
        this.validator = new RequestValidator(authToken);
        this.authToken = authToken;
        this.publicUrl = publicUrl;
    }

    @Override
    public void process(Exchange exchange) {
        String signature = exchange.getIn().getHeader("X-Twilio-Signature", String.class);
        String url = publicUrl + exchange.getIn().getHeader(Exchange.HTTP_URI, String.class);
        Map<String, String> params = WebhookParams.of(exchange.getIn().getBody());
        exchange.getIn().setBody(params);
        String source = web.HttpRequest.remoteAddress(exchange.getIn());
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejected("missing X-Twilio-Signature", url, source);
        }
        // first the URL exactly as Twilio was told it (one HMAC with this thread's Mac), then the SDK's validator,
        // which also accepts the URL with the default port added or removed (two HMACs, a Mac instance each): the
        // first check accepts nothing the second would refuse, it only makes the usual case cheaper
        if (!MessageDigest.isEqual(TwilioSignatures.sign(authToken, url, params).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))
                && !validator.validate(url, params, signature)) {
            throw new WebhookRejected("invalid X-Twilio-Signature", url, source);
        }
    }

    /** A webhook that did not come from Twilio (or from the sandbox with the right token). */
    public static final class WebhookRejected extends RuntimeException {
        private final String url;
        private final String source;

        public WebhookRejected(String message, String url, String source) {
            super(message);
            this.url = url;
            this.source = source;
        }

        public String url() {
            return url;
        }

        /** The address the request came from (the socket's, not a header a caller can set), or null. */
        public String source() {
            return source;
        }
    }
}
