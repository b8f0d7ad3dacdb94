package alarm;

import java.util.Locale;

/** Alarm priorities, lowest first (the SCADA seed's five levels). */
public enum Priority {
    Diagnostic, Low, Medium, High, Critical;

    public static Priority parse(String s) {
        if (s == null || s.isBlank()) {
            return Medium;
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (Priority p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown priority '" + s + "'");
    }
}
