package support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it: bound as bean {@code clock}, Callout's escalation, contact
 * rules, heartbeats and maintenance windows all run on it, so {@code advance(ofMinutes(5))} replaces a 5-minute
 * wait (the pollers notice within their poll period).
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Starts at the current time, whole seconds (readable timestamps). */
    public TestClock() {
        this(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    public TestClock advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
        return this;
    }

    public TestClock set(Instant t) {
        now.set(t);
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Callout runs on UTC");
    }
}
