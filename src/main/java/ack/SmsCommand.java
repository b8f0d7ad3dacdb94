package ack;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SMS reply grammar: {@code <code> <PIN>}, {@code <PIN>} alone, or anything else (for the sms script). */
public record SmsCommand(Kind kind, String code, String pin, String text) {

    public enum Kind { CODE_AND_PIN, PIN_ONLY, OTHER }

    private static final Pattern CODE_AND_PIN = Pattern.compile("([A-Za-z0-9]{4})[\\s,:;-]+(\\d{4,12})");
    private static final Pattern PIN_ONLY = Pattern.compile("\\d{4,12}");

    public static SmsCommand parse(String body) {
        String t = body == null ? "" : body.strip();
        Matcher m = CODE_AND_PIN.matcher(t);
        if (m.matches()) {
            return new SmsCommand(Kind.CODE_AND_PIN, m.group(1).toUpperCase(Locale.ROOT), m.group(2), t);
        }
        if (PIN_ONLY.matcher(t).matches()) {
            return new SmsCommand(Kind.PIN_ONLY, null, t, t);
        }
        return new SmsCommand(Kind.OTHER, null, null, t);
    }
}
