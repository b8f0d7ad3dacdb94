package twiml;

/**
 * The one rule for text that reaches a phone, spoken (TwiML) or texted (SMS): characters XML 1.0 forbids and that no
 * phone can say or show are taken out. A C0 control (other than tab, line feed and carriage return), DEL or a C1
 * control becomes a space; a lone surrogate, U+FFFE and U+FFFF are dropped. Before this, one {@code \u001b} in an
 * alarm's text made the TwiML a {@code &#27;} reference that Twilio refuses ("an application error has occurred"),
 * and the call ended as completed without an acknowledgement or an escalation.
 */
public final class PhoneText {

    private PhoneText() {
    }

    /** {@code text} with those characters replaced or dropped (the same String when it has none); null stays null. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        int first = 0;
        while (first < n && isKept(text, first)) {
            first += Character.isHighSurrogate(text.charAt(first)) ? 2 : 1;
        }
        if (first >= n) {
            return text;
        }
        StringBuilder out = new StringBuilder(n).append(text, 0, first);
        for (int i = first; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (isControl(c)) {
                out.append(' ');
            } else if (!Character.isSurrogate(c) && c != '\uFFFE' && c != '\uFFFF') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True when the character (or surrogate pair) at {@code i} passes unchanged. */
    private static boolean isKept(String text, int i) {
        char c = text.charAt(i);
        if (c >= 0x20 && c < 0x7F) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return !isControl(c) && !Character.isSurrogate(c) && c != '\uFFFE' && c != '\uFFFF';
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    }
}
