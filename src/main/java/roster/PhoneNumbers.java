package roster;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.regex.Pattern;
import web.ApiException;

/**
 * E.164 checks with libphonenumber. The number must be written in international form (+ and digits;
 * spaces, dashes, dots and brackets are tolerated and removed). A well-formed number that the library
 * thinks unassigned is accepted with a warning: rejecting real numbers is worse than a stale metadata table.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()]");

    private PhoneNumbers() {
    }

    /** A checked number in E.164 form, with the warnings it earned. */
    public record Checked(String e164, List<String> warnings) {
    }

    /** Normalizes {@code raw} to E.164 or throws a 400 naming {@code field}. */
    public static Checked check(String field, String raw) {
        String compact = SEPARATORS.matcher(raw.trim()).replaceAll("");
        if (!E164.matcher(compact).matches()) {
            throw ApiException.badRequest(field,
                    field + " must be a phone number in E.164 form like +12223334444, got '" + raw + "'");
        }
        PhoneNumber parsed;
        try {
            parsed = UTIL.parse(compact, null);
        } catch (NumberParseException e) {
            throw ApiException.badRequest(field, field + " is not a phone number: " + e.getMessage());
        }
        String e164 = UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
        if (!e164.equals(compact)) {
            throw ApiException.badRequest(field, field + " is not a valid E.164 number: '" + raw + "'");
        }
        if (!UTIL.isValidNumber(parsed)) {
            return new Checked(e164, List.of(field + ": " + e164
                    + " is not an assigned number according to libphonenumber; accepted as given"));
        }
        return new Checked(e164, List.of());
    }

    /** True when {@code raw} is a well-formed E.164 number (no exception, for filters). */
    public static boolean isE164(String raw) {
        return raw != null && E164.matcher(raw).matches();
    }
}
