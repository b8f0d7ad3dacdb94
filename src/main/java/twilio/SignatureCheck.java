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
 * <p>
 * With several profiles the key is that of the profile whose account the webhook's {@code AccountSid} names (Twilio
 * and SignalWire send it in every webhook; none, or an unknown one: the default profile). Naming another account
 * gains a forger nothing: the signature must then be made with that account's key. A SignalWire profile's webhooks
 * are read from {@code X-SignalWire-Signature}, else from the {@code X-Twilio-Signature} it also sends.
 */
public final class SignatureCheck implements Processor {

    /** Header naming the profile a webhook was checked with (for statistics per profile). */
    public static final String PROFILE = "CalloutTwilioProfile";

    private final TwilioProfiles profiles;
    private final Map<String, RequestValidator> validators = new java.util.concurrent.ConcurrentHashMap<>();
    private final String publicUrl;

    public SignatureCheck(String authToken, String publicUrl) {
        this(new TwilioProfiles(java.util.List.of(new TwilioProfile(TwilioProfiles.DEFAULT, TwilioProfile.TWILIO,
                "", authToken, "", java.util.Optional.empty(), null))), publicUrl);
    }

    public SignatureCheck(TwilioProfiles profiles, String publicUrl) {
        this.profiles = profiles;
        this.publicUrl = publicUrl;
    }

    @Override
    public void process(Exchange exchange) {
        String url = publicUrl + exchange.getIn().getHeader(Exchange.HTTP_URI, String.class);
        Map<String, String> params = WebhookParams.of(exchange.getIn().getBody());
        exchange.getIn().setBody(params);
        String source = web.HttpRequest.remoteAddress(exchange.getIn());
        TwilioProfile profile = profiles.byAccountSid(params.get("AccountSid")).orElse(profiles.defaultProfile());
        exchange.getIn().setHeader(PROFILE, profile.name());
        String signature = exchange.getIn().getHeader(profile.signatureHeader(), String.class);
        if ((signature == null || signature.isBlank()) && profile.signalWire()) {
            signature = exchange.getIn().getHeader("X-Twilio-Signature", String.class);
        }
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejected("missing " + profile.signatureHeader(), url, source);
        }
        String authToken = profile.webhookKey();
        RequestValidator validator = validators.computeIfAbsent(authToken, RequestValidator::new);
        // first the URL exactly as Twilio was told it (one HMAC with this thread's Mac), then the SDK's validator,
        // which also accepts the URL with the default port added or removed (two HMACs, a Mac instance each): the
        // first check accepts nothing the second would refuse, it only makes the usual case cheaper
        if (!MessageDigest.isEqual(TwilioSignatures.sign(authToken, url, params).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))
                && !validator.validate(url, params, signature)) {
            throw new WebhookRejected("invalid " + profile.signatureHeader()
                    + (profile.name().equals(TwilioProfiles.DEFAULT) ? "" : " (profile " + profile.name() + ")"), url,
                    source);
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
