package maintenance;

import java.util.regex.Pattern;

/**
 * Globs on alarm sources, whose segments are separated by '/': {@code *} matches within one segment, {@code **}
 * across any number of them (none included: {@code site1/**} matches {@code site1} and {@code site1/a/b}),
 * {@code ?} one character of a segment. Everything else is literal.
 */
public final class Glob {

    private Glob() {
    }

    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < n && glob.charAt(i + 1) == '*') {
                if (i + 2 < n && glob.charAt(i + 2) == '/') {
                    re.append("(?:.*/)?");  // "**/" : any leading segments, or none
                    i += 2;
                } else {
                    re.append(".*");
                    i += 1;
                }
            } else if (c == '/' && glob.startsWith("/**", i) && i + 3 == n) {
                re.append("(?:/.*)?");  // trailing "/**": the parent itself too
                break;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    public static boolean matches(String glob, String source) {
        return compile(glob).matcher(source).matches();
    }
}
