package stats;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The six statistics totals as Micrometer gauges ({@code callout_twilio_messages_sent} … in Prometheus),
 * each HELP naming its tag path. Values come from the database, cached so a scrape costs at most one query.
 */
public final class TwilioGauges implements MeterBinder {

    /** Micrometer meter name (Prometheus name: dots become underscores) for each tag path. */
    public static final Map<String, String> METER_NAMES = Map.of(
            StatsTags.MESSAGES_SENT, "callout.twilio.messages.sent",
            StatsTags.MESSAGES_RECEIVED, "callout.twilio.messages.received",
            StatsTags.CALLS_SENT, "callout.twilio.calls.sent",
            StatsTags.CALLS_RECEIVED, "callout.twilio.calls.received",
            StatsTags.CALL_MINUTES_SENT, "callout.twilio.call.minutes.sent",
            StatsTags.CALL_MINUTES_RECEIVED, "callout.twilio.call.minutes.received");

    private final Supplier<Map<String, Long>> totals;
    private final long ttlNanos;
    private Map<String, Long> cached;
    private long cachedAt;

    /** Gauges over {@link StatsService#totals()}, re-read at most once a second. */
    public TwilioGauges(StatsService stats) {
        this(stats::totals, Duration.ofSeconds(1));
    }

    public TwilioGauges(Supplier<Map<String, Long>> totals, Duration cacheFor) {
        this.totals = totals;
        this.ttlNanos = cacheFor.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String tag : StatsTags.COUNTERS) {
            Gauge.builder(METER_NAMES.get(tag), this, g -> g.value(tag))
                    .description("Twilio statistics total, tag " + tag + " (unknown numbers included)")
                    .strongReference(true)
                    .register(registry);
        }
    }

    private synchronized double value(String tag) {
        long now = System.nanoTime();
        if (cached == null || now - cachedAt >= ttlNanos) {
            try {
                cached = totals.get();
                cachedAt = now;
            } catch (RuntimeException e) {
                // a failing database must not break the whole scrape: keep the last values (NaN if none)
                if (cached == null) {
                    return Double.NaN;
                }
            }
        }
        Long value = cached.get(tag);
        return value == null ? Double.NaN : value;
    }
}
