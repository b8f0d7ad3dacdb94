package twilio;

import com.twilio.rest.api.v2010.account.Call;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import web.ApiException;

/** Checks and converts the query parameters of /api/twilio/* to the types the Twilio SDK wants. */
public final class AccountFilters {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    private static final Pattern SID = Pattern.compile("[A-Z]{2}[0-9a-fA-F]{32}");
    private static final Pattern DECODED_PLUS = Pattern.compile(" \\d{2,15}");
    private static final List<String> LOG_LEVELS = List.of("error", "warning", "notice", "debug");

    private AccountFilters() {
    }

    /** limit: 1..1000, default 50. */
    public static int limit(String raw) {
        return bounded("limit", raw, DEFAULT_LIMIT);
    }

    /** pageSize: how many per Twilio page, 1..1000; default min(limit, 50). */
    public static int pageSize(String raw, int limit) {
        return bounded("pageSize", raw, Math.min(limit, DEFAULT_LIMIT));
    }

    private static int bounded(String field, String raw, int dflt) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 1 && v <= MAX_LIMIT) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(field, field + " must be a whole number from 1 to " + MAX_LIMIT + ", got '"
                + raw + "'");
    }

    /** A Twilio SID like SM0123…: two capitals and 32 hex digits (also keeps path tricks out of Twilio URLs). */
    public static String sid(String field, String raw) {
        if (raw == null || !SID.matcher(raw).matches()) {
            throw ApiException.badRequest(field, field + " must be a Twilio SID (two letters and 32 hex digits), got '"
                    + raw + "'");
        }
        return raw;
    }

    /** A phone number / client / SIP filter; a '+' that arrived unencoded in the query (a space) is put back. */
    public static String address(String field, String raw) {
        String v = DECODED_PLUS.matcher(raw).matches() ? "+" + raw.substring(1) : raw.trim();
        if (v.isEmpty()) {
            throw ApiException.badRequest(field, field + ": empty number filter");
        }
        return v;
    }

    public static Call.Status callStatus(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        for (Call.Status s : Call.Status.values()) {
            if (s.toString().equals(v)) {
                return s;
            }
        }
        throw ApiException.badRequest("status", "status must be one of queued, ringing, in-progress, completed, "
                + "busy, failed, no-answer, canceled; got '" + raw + "'");
    }

    public static String logLevel(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(v)) {
            throw ApiException.badRequest("logLevel", "logLevel must be one of " + LOG_LEVELS + ", got '" + raw + "'");
        }
        return v;
    }

    /** YYYY-MM-DD (start of that day, UTC) or an ISO-8601 date-time like 2026-11-22T10:00:00Z. */
    public static ZonedDateTime date(String field, String raw) {
        return date(field, raw, false);
    }

    /** As {@link #date}, but a bare day means its last second: "on or before that day". */
    public static ZonedDateTime endDate(String field, String raw) {
        return date(field, raw, true);
    }

    private static ZonedDateTime date(String field, String raw, boolean endOfDay) {
        String v = raw.trim();
        try {
            if (v.length() == 10) {
                ZonedDateTime start = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC);
                return endOfDay ? start.plusDays(1).minusSeconds(1) : start;
            }
            return OffsetDateTime.parse(v).atZoneSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, field + " must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, got '" + raw
                    + "'");
        }
    }
}
