package ack;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMS reply grammar (case-insensitive): {@code <code> <PIN>} acknowledge that alarm, {@code <PIN>} the latest,
 * {@code ALL <PIN>} every active alarm you were paged for, {@code ESC <code> <PIN>} pass it to the next step now,
 * {@code CLOSE <code> <PIN>} clear it, {@code LIST}/{@code STATUS} your active alarms with codes, {@code HELP};
 * anything else goes to the sms script. Every command that changes something carries the PIN.
 */
public record SmsCommand(Kind kind, String code, String pin, String text) {

    public enum Kind {
        CODE_AND_PIN, PIN_ONLY, ALL, ESCALATE, CLOSE, LIST, HELP, OTHER;

        /** Commands that change something, and so need the PIN (and count towards the lockout). */
        public boolean changes() {
            return this != LIST && this != HELP && this != OTHER;
        }
    }

    private static final String SEP = "[\\s,:;-]+";
    private static final String PIN = "(\\d{4,12})";
    private static final String CODE = "([A-Za-z0-9]{4})";
    private static final Pattern CODE_AND_PIN = Pattern.compile(CODE + SEP + PIN);
    private static final Pattern PIN_ONLY = Pattern.compile(PIN);
    private static final Pattern ALL = Pattern.compile("(?i)ALL(?:" + SEP + "(\\S*))?");
    private static final Pattern ESCALATE = Pattern.compile("(?i)(?:ESC|ESCALATE)(?:" + SEP + CODE + ")?(?:" + SEP
            + "(\\S*))?");
    private static final Pattern CLOSE = Pattern.compile("(?i)(?:CLOSE|CLEAR)(?:" + SEP + CODE + ")?(?:" + SEP
            + "(\\S*))?");
    private static final Pattern LIST = Pattern.compile("(?i)LIST|STATUS");
    private static final Pattern HELP = Pattern.compile("(?i)HELP|\\?|INFO|COMMANDS");

    public static SmsCommand parse(String body) {
        String t = body == null ? "" : body.strip();
        Matcher m;
        if ((m = ALL.matcher(t)).matches()) {
            return new SmsCommand(Kind.ALL, null, m.group(1), t);
        }
        if ((m = ESCALATE.matcher(t)).matches()) {
            return new SmsCommand(Kind.ESCALATE, upper(m.group(1)), m.group(2), t);
        }
        if ((m = CLOSE.matcher(t)).matches()) {
            return new SmsCommand(Kind.CLOSE, upper(m.group(1)), m.group(2), t);
        }
        if (LIST.matcher(t).matches()) {
            return new SmsCommand(Kind.LIST, null, null, t);
        }
        if (HELP.matcher(t).matches()) {
            return new SmsCommand(Kind.HELP, null, null, t);
        }
        if ((m = CODE_AND_PIN.matcher(t)).matches()) {
            return new SmsCommand(Kind.CODE_AND_PIN, upper(m.group(1)), m.group(2), t);
        }
        if (PIN_ONLY.matcher(t).matches()) {
            return new SmsCommand(Kind.PIN_ONLY, null, t, t);
        }
        return new SmsCommand(Kind.OTHER, null, null, t);
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
