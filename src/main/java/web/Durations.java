package web;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** ISO-8601 durations from API input, with a 400 naming the field when one is missing, malformed or out of range. */
public final class Durations {

    private Durations() {
    }

    /** {@code raw} as a Duration; zero only when {@code allowZero}, never negative. */
    public static Duration parse(String field, String raw, boolean allowZero) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest(field, field + " is required (an ISO-8601 duration like PT5M)");
        }
        Duration d;
        try {
            d = Duration.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, field + " must be an ISO-8601 duration like PT5M, got '" + raw + "'");
        }
        if (d.isNegative() || (!allowZero && d.isZero())) {
            throw ApiException.badRequest(field, field + " must be " + (allowZero ? "zero or more" : "more than zero")
                    + ", got '" + raw + "'");
        }
        return d;
    }
}
