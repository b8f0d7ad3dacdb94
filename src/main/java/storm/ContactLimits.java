package storm;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How often one phone may be texted or called: windows such as {@code 5/PT15M,11/PT1H} (at most 5 in any 15 minutes
 * and 11 in any hour; carriers block a number that calls a phone about 16 times an hour). Pure: the sends so far and
 * the time are passed in.
 */
public final class ContactLimits {

    /** At most {@code max} sends in any {@code period}. */
    public record Window(int max, Duration period) {
    }

    public static final ContactLimits NONE = new ContactLimits(List.of());

    private final List<Window> windows;

    private ContactLimits(List<Window> windows) {
        this.windows = List.copyOf(windows);
    }

    /** Parses {@code 5/PT15M,11/PT1H}; blank or {@code none} is no limit. The key names the property in errors. */
    public static ContactLimits parse(String key, String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase("none")) {
            return NONE;
        }
        List<Window> windows = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] p = part.strip().split("/");
            try {
                if (p.length != 2) {
                    throw new IllegalArgumentException("no '/'");
                }
                int max = Integer.parseInt(p[0].strip());
                Duration period = Duration.parse(p[1].strip());
                if (max < 1 || period.isNegative() || period.isZero()) {
                    throw new IllegalArgumentException("count and period must be positive");
                }
                windows.add(new Window(max, period));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException(key + "=" + spec + ": expected windows like 5/PT15M,11/PT1H", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + "=" + spec + ": expected windows like 5/PT15M,11/PT1H ("
                        + e.getMessage() + ")", e);
            }
        }
        return new ContactLimits(windows);
    }

    public List<Window> windows() {
        return windows;
    }

    /** The longest window: older sends never matter. */
    public Duration longest() {
        return windows.stream().map(Window::period).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    /**
     * The earliest instant, not before {@code now}, at which one more send keeps every window within its limit.
     * {@code sends} are earlier send times (any order); a window counts sends in {@code (t - period, t]}.
     */
    public Instant nextAllowed(List<Instant> sends, Instant now) {
        Instant at = now;
        for (Window w : windows) {
            List<Instant> recent = sends.stream().filter(s -> s.isAfter(now.minus(w.period())))
                    .sorted().toList();
            if (recent.size() >= w.max()) {
                // the oldest sends must age out until only max - 1 remain in the window
                Instant free = recent.get(recent.size() - w.max()).plus(w.period());
                if (free.isAfter(at)) {
                    at = free;
                }
            }
        }
        return at;
    }

    public boolean allows(List<Instant> sends, Instant now) {
        return !nextAllowed(sends, now).isAfter(now);
    }
}
