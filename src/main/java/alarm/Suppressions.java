package alarm;

import java.time.Instant;

/** Whether a new alarm is suppressed (a maintenance window covers its source now), and why. */
@FunctionalInterface
public interface Suppressions {

    /** Why an alarm of {@code source} raised at {@code at} notifies nobody, or null when it notifies as usual. */
    String suppressedBy(String source, Instant at);

    Suppressions NONE = (source, at) -> null;
}
