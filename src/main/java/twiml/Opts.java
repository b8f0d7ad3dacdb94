package twiml;

import java.util.Map;
import java.util.Set;

/** Named arguments from a script, checked against the names a verb accepts, with lenient typing. */
final class Opts {

    private final Map<String, ?> values;

    private Opts(Map<String, ?> values) {
        this.values = values;
    }

    /** Rejects unknown names so a typo in a script fails loudly instead of being ignored. */
    static Opts of(String verb, Map<String, ?> values, Set<String> allowed) {
        Map<String, ?> safe = values == null ? Map.of() : values;
        for (Object key : safe.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(
                        "unknown option '" + key + "' for " + verb + "; allowed: " + allowed);
            }
        }
        return new Opts(safe);
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    String str(String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    Integer integer(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.valueOf(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option '" + key + "' must be a whole number, got '" + v + "'");
        }
    }

    Boolean bool(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.valueOf(s);
        }
        throw new IllegalArgumentException("option '" + key + "' must be true or false, got '" + v + "'");
    }

    /** HTTP method for action/redirect URLs: GET or POST. */
    String method(String key) {
        String m = str(key);
        if (m == null) {
            return null;
        }
        String upper = m.trim().toUpperCase(java.util.Locale.ROOT);
        if (!upper.equals("GET") && !upper.equals("POST")) {
            throw new IllegalArgumentException("option '" + key + "' must be GET or POST, got '" + m + "'");
        }
        return upper;
    }
}
