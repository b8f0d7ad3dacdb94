package stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Operations metrics for the call-out flow. Prometheus series (Micrometer's naming):
 * <ul>
 *   <li>{@code callout_alarms_received_total{input}} — input is http, mqtt, jms, file or route</li>
 *   <li>{@code callout_notifications_total{channel,outcome}} — channel sms|voice, outcome e.g. sent, delivered, failed</li>
 *   <li>{@code callout_acknowledgements_total{channel}}</li>
 *   <li>{@code callout_ack_latency_seconds{channel}} — timer: _count, _sum, _max and _bucket (histogram),
 *       time from alarm to acknowledgement</li>
 *   <li>{@code callout_webhooks_rejected_total{reason}}</li>
 *   <li>{@code callout_script_errors_total{script}}</li>
 * </ul>
 * Tag values are free text from the caller: keep them to small fixed sets.
 */
public final class OpsMetrics {

    private final MeterRegistry registry;

    public OpsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An alarm arrived; {@code input} is http, mqtt, jms, file or route. */
    public void alarmReceived(String input) {
        Counter.builder("callout.alarms.received").description("Alarms received, by input")
                .tag("input", tag(input)).register(registry).increment();
    }

    /** A notification step happened on a channel (sms, voice) with an outcome (sent, delivered, failed…). */
    /** {@code count} alarms accepted from one input in one payload. */
    public void alarmsReceived(String input, int count) {
        if (count > 0) {
            Counter.builder("callout.alarms.received").description("Alarms received, by input")
                    .tag("input", tag(input)).register(registry).increment(count);
        }
    }

    public void notification(String channel, String outcome) {
        Counter.builder("callout.notifications").description("Notifications, by channel and outcome")
                .tag("channel", tag(channel)).tag("outcome", tag(outcome)).register(registry).increment();
    }

    /** An alarm was acknowledged on a channel, {@code sinceAlarm} after the alarm arrived. */
    public void acknowledged(String channel, Duration sinceAlarm) {
        Counter.builder("callout.acknowledgements").description("Alarm acknowledgements, by channel")
                .tag("channel", tag(channel)).register(registry).increment();
        Timer.builder("callout.ack.latency").description("Time from alarm to acknowledgement, by channel")
                .tag("channel", tag(channel))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry)
                .record(sinceAlarm.isNegative() ? Duration.ZERO : sinceAlarm);
    }

    /** A Twilio webhook was refused (e.g. bad-signature, oversize, bad-request). */
    public void webhookRejected(String reason) {
        Counter.builder("callout.webhooks.rejected").description("Twilio webhooks rejected, by reason")
                .tag("reason", tag(reason)).register(registry).increment();
    }

    /** A call script threw or timed out (tag: the script's file name, e.g. voice.groovy). */
    public void scriptError(String script) {
        Counter.builder("callout.script.errors").description("Call script errors, by script")
                .tag("script", tag(script)).register(registry).increment();
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }
}
