package twilio;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import roster.PhoneNumbers;
import web.ApiException;

/**
 * POST /api/twilio/messages: every Message-create parameter the connector seed's "Create a Message" offers, in
 * camelCase: {@code to}, {@code from} (a number or an alphanumeric sender ID) and/or {@code messagingServiceSid},
 * {@code body}, {@code mediaUrl} (a URL or a list of up to 10), {@code statusCallback}, {@code applicationSid},
 * {@code validityPeriod}, {@code maxPrice}, {@code smartEncoded}, {@code provideFeedback}, {@code attempt},
 * {@code sendAsMms}, {@code shortenUrls}, and {@code profile} (the Twilio profile to send with).
 */
public record MessageRequest(String to, String from, String messagingServiceSid, String body,
                             @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> mediaUrl,
                             String statusCallback, String applicationSid, Integer validityPeriod, BigDecimal maxPrice,
                             Boolean smartEncoded, Boolean provideFeedback, Integer attempt, Boolean sendAsMms,
                             Boolean shortenUrls, String profile) {

    /** Twilio's alphanumeric sender ID: up to 11 of A-Z, a-z, 0-9 and space, at least one letter. */
    private static final Pattern ALPHANUMERIC = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
    private static final Pattern SERVICE = Pattern.compile("MG[0-9a-fA-F]{32}");
    private static final Pattern APPLICATION = Pattern.compile("AP[0-9a-fA-F]{32}");
    static final int MAX_MEDIA = 10;
    static final int MAX_BODY = 1600;
    /** Twilio's documented range of ValidityPeriod, in seconds. */
    static final int MAX_VALIDITY = 36000;

    /**
     * The request checked as Twilio would check it (400 naming the field), with {@code from} defaulted to the
     * profile's number when no messaging service is given and {@code statusCallback} to Callout's
     * {@code /twilio/status/message/0}, so statistics count the message.
     */
    public MessageRequest checked(TwilioProfile p, String publicUrl) {
        if (to == null || to.isBlank()) {
            throw ApiException.badRequest("to", "to is required");
        }
        String checkedTo = PhoneNumbers.check("to", to).e164();
        String service = blank(messagingServiceSid) ? null : messagingServiceSid.trim();
        if (service != null && !SERVICE.matcher(service).matches()) {
            throw ApiException.badRequest("messagingServiceSid", "messagingServiceSid must be MG and 32 hex digits");
        }
        String sender = blank(from) ? (service == null ? p.fromNumber() : null) : sender(from.trim());
        List<String> media = mediaUrl == null ? List.of() : new ArrayList<>(mediaUrl);
        if (media.size() > MAX_MEDIA) {
            throw ApiException.badRequest("mediaUrl", "at most " + MAX_MEDIA + " mediaUrl");
        }
        List<String> checkedMedia = new ArrayList<>();
        for (String m : media) {
            checkedMedia.add(httpUrl("mediaUrl", m).toString());
        }
        if (blank(body) && checkedMedia.isEmpty()) {
            throw ApiException.badRequest("body", "body or mediaUrl is required");
        }
        if (body != null && body.length() > MAX_BODY) {
            throw ApiException.badRequest("body", "body is longer than " + MAX_BODY + " characters");
        }
        if (applicationSid != null && !APPLICATION.matcher(applicationSid).matches()) {
            throw ApiException.badRequest("applicationSid", "applicationSid must be AP and 32 hex digits");
        }
        if (validityPeriod != null && (validityPeriod < 1 || validityPeriod > MAX_VALIDITY)) {
            throw ApiException.badRequest("validityPeriod", "validityPeriod must be 1 to " + MAX_VALIDITY + " seconds");
        }
        if (maxPrice != null && (maxPrice.signum() <= 0 || maxPrice.stripTrailingZeros().scale() > 4)) {
            throw ApiException.badRequest("maxPrice", "maxPrice must be a positive amount of US dollars with at most "
                    + "4 decimal places");
        }
        if (attempt != null && attempt < 1) {
            throw ApiException.badRequest("attempt", "attempt must be 1 or more");
        }
        String callback = blank(statusCallback) ? publicUrl + "/twilio/status/message/0"
                : httpUrl("statusCallback", statusCallback).toString();
        return new MessageRequest(checkedTo, sender, service, blank(body) ? null : body, List.copyOf(checkedMedia),
                callback, applicationSid, validityPeriod, maxPrice, smartEncoded, provideFeedback, attempt, sendAsMms,
                shortenUrls, p.name());
    }

    /** An E.164 number (checked as roster numbers are) or an alphanumeric sender ID. */
    private static String sender(String raw) {
        if (raw.startsWith("+")) {
            return PhoneNumbers.check("from", raw).e164();
        }
        if (!ALPHANUMERIC.matcher(raw).matches()) {
            throw ApiException.badRequest("from", "from must be an E.164 number or an alphanumeric sender ID (up to "
                    + "11 letters, digits and spaces, at least one letter), got '" + raw + "'");
        }
        return raw;
    }

    static URI httpUrl(String field, String raw) {
        try {
            URI u = URI.create(raw == null ? "" : raw.trim());
            if (u.isAbsolute() && u.getHost() != null
                    && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.badRequest(field, field + " must be an absolute http(s) URL, got '" + raw + "'");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
