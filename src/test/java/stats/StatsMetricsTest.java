package stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The six gauges and the ops series as Prometheus text. */
class StatsMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void should_expose_six_gauges_with_tag_path_in_help() {
        Map<String, Long> totals = new LinkedHashMap<>();
        long value = 3;
        for (String tag : StatsTags.COUNTERS) {
            totals.put(tag, value++);
        }
        new TwilioGauges(() -> totals, Duration.ZERO).bindTo(registry);

        String text = registry.scrape();

        assertThat(text).contains(
                "# HELP callout_twilio_messages_sent Twilio statistics total, tag System/Gateway/Twilio/MessagesSent (unknown numbers included)\n"
                        + "# TYPE callout_twilio_messages_sent gauge\n"
                        + "callout_twilio_messages_sent 3.0\n",
                "# HELP callout_twilio_messages_received Twilio statistics total, tag System/Gateway/Twilio/MessagesReceived (unknown numbers included)\n"
                        + "# TYPE callout_twilio_messages_received gauge\n"
                        + "callout_twilio_messages_received 4.0\n",
                "# HELP callout_twilio_calls_sent Twilio statistics total, tag System/Gateway/Twilio/CallsSent (unknown numbers included)\n"
                        + "# TYPE callout_twilio_calls_sent gauge\n"
                        + "callout_twilio_calls_sent 5.0\n",
                "# HELP callout_twilio_calls_received Twilio statistics total, tag System/Gateway/Twilio/CallsReceived (unknown numbers included)\n"
                        + "# TYPE callout_twilio_calls_received gauge\n"
                        + "callout_twilio_calls_received 6.0\n",
                "# HELP callout_twilio_call_minutes_sent Twilio statistics total, tag System/Gateway/Twilio/CallMinutesSent (unknown numbers included)\n"
                        + "# TYPE callout_twilio_call_minutes_sent gauge\n"
                        + "callout_twilio_call_minutes_sent 7.0\n",
                "# HELP callout_twilio_call_minutes_received Twilio statistics total, tag System/Gateway/Twilio/CallMinutesReceived (unknown numbers included)\n"
                        + "# TYPE callout_twilio_call_minutes_received gauge\n"
                        + "callout_twilio_call_minutes_received 8.0\n");
    }

    @Test
    void should_read_totals_once_per_cache_period() {
        AtomicInteger reads = new AtomicInteger();
        new TwilioGauges(() -> {
            reads.incrementAndGet();
            return Map.of(StatsTags.MESSAGES_SENT, 1L);
        }, Duration.ofHours(1)).bindTo(registry);

        registry.scrape();
        registry.scrape();

        assertThat(reads).hasValue(1);
        assertThat(registry.scrape()).contains("callout_twilio_messages_sent 1.0\n",
                "callout_twilio_calls_sent NaN\n");
    }

    @Test
    void should_keep_last_values_when_database_fails() {
        AtomicInteger reads = new AtomicInteger();
        new TwilioGauges(() -> {
            if (reads.incrementAndGet() > 1) {
                throw new IllegalStateException("database down");
            }
            return Map.of(StatsTags.MESSAGES_SENT, 5L);
        }, Duration.ZERO).bindTo(registry);

        assertThat(registry.scrape()).contains("callout_twilio_messages_sent 5.0\n");
        assertThat(registry.scrape()).contains("callout_twilio_messages_sent 5.0\n");
    }

    @Test
    void should_expose_ops_counters_by_tag() {
        OpsMetrics ops = new OpsMetrics(registry);

        ops.alarmReceived("http");
        ops.alarmReceived("http");
        ops.alarmReceived("mqtt");
        ops.notification("sms", "delivered");
        ops.notification("voice", "no-answer");
        ops.webhookRejected("bad-signature");
        ops.scriptError("voice.groovy");

        assertThat(registry.scrape()).contains(
                "# HELP callout_alarms_received_total Alarms received, by input\n",
                "# TYPE callout_alarms_received_total counter\n",
                "callout_alarms_received_total{input=\"http\"} 2.0\n",
                "callout_alarms_received_total{input=\"mqtt\"} 1.0\n",
                "# HELP callout_notifications_total Notifications, by channel and outcome\n",
                "callout_notifications_total{channel=\"sms\",outcome=\"delivered\"} 1.0\n",
                "callout_notifications_total{channel=\"voice\",outcome=\"no-answer\"} 1.0\n",
                "# HELP callout_webhooks_rejected_total Twilio webhooks rejected, by reason\n",
                "callout_webhooks_rejected_total{reason=\"bad-signature\"} 1.0\n",
                "# HELP callout_script_errors_total Call script errors, by script\n",
                "callout_script_errors_total{script=\"voice.groovy\"} 1.0\n");
    }

    @Test
    void should_time_alarm_to_acknowledgement() {
        OpsMetrics ops = new OpsMetrics(registry);

        ops.acknowledged("sms", Duration.ofSeconds(90));
        ops.acknowledged("sms", Duration.ofSeconds(30));
        ops.acknowledged("voice", Duration.ofMinutes(3));

        assertThat(registry.scrape()).contains(
                "# HELP callout_acknowledgements_total Alarm acknowledgements, by channel\n",
                "callout_acknowledgements_total{channel=\"sms\"} 2.0\n",
                "callout_acknowledgements_total{channel=\"voice\"} 1.0\n",
                "# HELP callout_ack_latency_seconds Time from alarm to acknowledgement, by channel\n",
                "# TYPE callout_ack_latency_seconds histogram\n",
                "callout_ack_latency_seconds_count{channel=\"sms\"} 2\n",
                "callout_ack_latency_seconds_sum{channel=\"sms\"} 120.0\n",
                "callout_ack_latency_seconds_count{channel=\"voice\"} 1\n",
                "callout_ack_latency_seconds_sum{channel=\"voice\"} 180.0\n",
                "callout_ack_latency_seconds_max{channel=\"voice\"} 180.0\n",
                "callout_ack_latency_seconds_bucket{channel=\"sms\",le=\"+Inf\"} 2\n");
    }
}
