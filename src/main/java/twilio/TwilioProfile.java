package twilio;

import java.util.Locale;
import java.util.Optional;

/**
 * One Twilio (or Twilio-compatible) account Callout sends through: the seed's "Twilio profile".
 *
 * @param name       profile name ({@code default} for the plain {@code callout.twilio.*} keys)
 * @param provider   {@code twilio} or {@code signalwire}
 * @param accountSid account SID (SignalWire: the project ID)
 * @param authToken  auth token (SignalWire: the API token)
 * @param fromNumber the profile's number (E.164) messages and calls go out from
 * @param apiBase    base URL replacing {@code https://api.twilio.com} in every REST URL, or empty for Twilio itself;
 *                   for SignalWire it already ends in {@code /api/laml}
 * @param signingKey key of the webhook signatures (SignalWire signs with the project's Signing Key); else the token
 */
public record TwilioProfile(String name, String provider, String accountSid, String authToken, String fromNumber,
                            Optional<String> apiBase, String signingKey) {

    public static final String TWILIO = "twilio";
    public static final String SIGNALWIRE = "signalwire";
    /** SignalWire's compatibility (LaML / cXML) API serves Twilio's resources below this path of a space. */
    public static final String SIGNALWIRE_PREFIX = "/api/laml";

    public boolean signalWire() {
        return SIGNALWIRE.equals(provider);
    }

    /** The key webhooks of this profile are signed with. */
    public String webhookKey() {
        return signingKey == null || signingKey.isBlank() ? authToken : signingKey;
    }

    /** The header the provider puts its signature in (SignalWire also sends X-Twilio-Signature). */
    public String signatureHeader() {
        return signalWire() ? "X-SignalWire-Signature" : "X-Twilio-Signature";
    }

    /** {@code https://<domain>.twilio.com<pathAndQuery>} as this profile's provider serves it. */
    public String url(String domain, String pathAndQuery) {
        String url = "https://" + domain + ".twilio.com" + pathAndQuery;
        return apiBase.map(base -> BaseUrlHttpClient.rewriteUrl(url, base)).orElse(url);
    }

    /** {@code twilio} or {@code signalwire}; anything else is a configuration error. */
    static String provider(String raw) {
        String p = raw == null || raw.isBlank() ? TWILIO : raw.trim().toLowerCase(Locale.ROOT);
        if (!p.equals(TWILIO) && !p.equals(SIGNALWIRE)) {
            throw new IllegalStateException("provider must be twilio or signalwire, got '" + raw + "'");
        }
        return p;
    }
}
