package twilio;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import roster.PhoneNumbers;
import web.ApiException;

/**
 * POST /api/twilio/calls: {@code {"from","to","url" | "twiml" | "applicationSid","sendDigits","timeout","record",
 * "machineDetection","asyncAmd","asyncAmdStatusCallback","statusCallback","statusCallbackEvent","callerId","trim",
 * "byoc","profile"}} (the connector seed's "Create a Call"). {@link #checked} fills the defaults and rejects what
 * Twilio would.
 */
public record CallRequest(String from, String to, String url, String twiml, String sendDigits, Integer timeout,
                          Boolean record, String machineDetection, String statusCallback, String applicationSid,
                          String callerId, String trim, Boolean asyncAmd, String asyncAmdStatusCallback,
                          @com.fasterxml.jackson.annotation.JsonFormat(
                                  with = com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                          List<String> statusCallbackEvent, String byoc, String profile) {

    private static final Pattern DIGITS = Pattern.compile("[0-9#*wW]{1,32}");
    private static final List<String> MACHINE_DETECTION = List.of("Enable", "DetectMessageEnd");
    private static final Pattern APPLICATION = Pattern.compile("AP[0-9a-fA-F]{32}");
    private static final Pattern BYOC = Pattern.compile("BY[0-9a-fA-F]{32}");
    private static final Pattern CALLER_ID = Pattern.compile("\\+[1-9]\\d{1,14}|(client|sip):[^\\s]{1,200}");
    private static final List<String> TRIM = List.of("trim-silence", "do-not-trim");
    private static final List<String> EVENTS = List.of("initiated", "ringing", "answered", "completed");

    public CallRequest(String from, String to, String url, String twiml, String sendDigits, Integer timeout,
                       Boolean record, String machineDetection, String statusCallback) {
        this(from, to, url, twiml, sendDigits, timeout, record, machineDetection, statusCallback, null, null, null,
                null, null, null, null, null);
    }

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
        boolean hasApp = applicationSid != null && !applicationSid.isBlank();
        if ((hasUrl ? 1 : 0) + (hasTwiml ? 1 : 0) + (hasApp ? 1 : 0) != 1) {
            throw ApiException.badRequest("url", "give exactly one of url (where Twilio fetches TwiML), twiml and "
                    + "applicationSid");
        }
        if (hasApp && !APPLICATION.matcher(applicationSid).matches()) {
            throw ApiException.badRequest("applicationSid", "applicationSid must be AP and 32 hex digits");
        }
        if (callerId != null && !CALLER_ID.matcher(callerId).matches()) {
            throw ApiException.badRequest("callerId", "callerId must be an E.164 number, client:name or sip:address");
        }
        if (trim != null && !TRIM.contains(trim)) {
            throw ApiException.badRequest("trim", "trim must be trim-silence or do-not-trim");
        }
        if (byoc != null && !BYOC.matcher(byoc).matches()) {
            throw ApiException.badRequest("byoc", "byoc must be BY and 32 hex digits");
        }
        List<String> events = statusCallbackEvent == null ? null : List.copyOf(statusCallbackEvent);
        if (events != null && (events.isEmpty() || !EVENTS.containsAll(events))) {
            throw ApiException.badRequest("statusCallbackEvent", "statusCallbackEvent lists some of " + EVENTS);
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
        if (Boolean.TRUE.equals(asyncAmd) && md == null) {
            throw ApiException.badRequest("asyncAmd", "asyncAmd needs machineDetection (Enable or DetectMessageEnd)");
        }
        String amdCallback = asyncAmdStatusCallback == null || asyncAmdStatusCallback.isBlank() ? null
                : httpUrl("asyncAmdStatusCallback", asyncAmdStatusCallback).toString();
        if (amdCallback != null && !Boolean.TRUE.equals(asyncAmd)) {
            throw ApiException.badRequest("asyncAmdStatusCallback", "asyncAmdStatusCallback needs asyncAmd: true");
        }
        String callback = statusCallback == null || statusCallback.isBlank()
                ? publicUrl + "/twilio/status/call/0" : httpUrl("statusCallback", statusCallback).toString();
        return new CallRequest(checkedFrom, checkedTo, hasUrl ? url.trim() : null, hasTwiml ? twiml : null,
                sendDigits, timeout, record, md, callback, hasApp ? applicationSid : null, callerId, trim, asyncAmd,
                amdCallback, events, byoc, profile);
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
