package twilio;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import roster.PhoneNumbers;
import web.ApiException;

/**
 * POST /api/twilio/calls: {@code {"from","to","url" | "twiml","sendDigits","timeout","record","machineDetection",
 * "statusCallback"}}. {@link #checked} fills the defaults and rejects what Twilio would.
 */
public record CallRequest(String from, String to, String url, String twiml, String sendDigits, Integer timeout,
                          Boolean record, String machineDetection, String statusCallback) {

    private static final Pattern DIGITS = Pattern.compile("[0-9#*wW]{1,32}");
    private static final List<String> MACHINE_DETECTION = List.of("Enable", "DetectMessageEnd");

    /**
     * The request with {@code from} defaulted to Callout's number and {@code statusCallback} to
     * {@code {publicUrl}/twilio/status/call/0} (so statistics count the call); 400 on bad input.
     */
    public CallRequest checked(String defaultFrom, String publicUrl) {
        if (to == null || to.isBlank()) {
            throw ApiException.badRequest("to", "to is required");
        }
        String checkedTo = PhoneNumbers.check("to", to).e164();
        String checkedFrom = from == null || from.isBlank() ? defaultFrom : from.trim();
        boolean hasUrl = url != null && !url.isBlank();
        boolean hasTwiml = twiml != null && !twiml.isBlank();
        if (hasUrl == hasTwiml) {
            throw ApiException.badRequest("url", "give exactly one of url (where Twilio fetches TwiML) and twiml");
        }
        if (hasUrl) {
            httpUrl("url", url);
        }
        if (sendDigits != null && !DIGITS.matcher(sendDigits).matches()) {
            throw ApiException.badRequest("sendDigits", "sendDigits: up to 32 of 0-9, #, * and w (half-second pause)");
        }
        if (timeout != null && (timeout < 1 || timeout > 600)) {
            throw ApiException.badRequest("timeout", "timeout must be 1 to 600 seconds");
        }
        String md = null;
        if (machineDetection != null && !machineDetection.isBlank()) {
            md = MACHINE_DETECTION.stream().filter(m -> m.toLowerCase(Locale.ROOT)
                    .equals(machineDetection.trim().toLowerCase(Locale.ROOT))).findFirst()
                    .orElseThrow(() -> ApiException.badRequest("machineDetection",
                            "machineDetection must be Enable or DetectMessageEnd"));
        }
        String callback = statusCallback == null || statusCallback.isBlank()
                ? publicUrl + "/twilio/status/call/0" : httpUrl("statusCallback", statusCallback).toString();
        return new CallRequest(checkedFrom, checkedTo, hasUrl ? url.trim() : null, hasTwiml ? twiml : null,
                sendDigits, timeout, record, md, callback);
    }

    private static URI httpUrl(String field, String raw) {
        try {
            URI u = URI.create(raw.trim());
            if (u.isAbsolute() && u.getHost() != null
                    && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.badRequest(field, field + " must be an absolute http(s) URL, got '" + raw + "'");
    }
}
