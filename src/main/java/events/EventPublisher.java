package events;

import alarm.Alarm;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events out: every alarm event (raised, notified, delivered, acknowledged, escalated, cleared, exhausted,
 * suppressed) and every inbound SMS and call, as JSON, for user routes on {@link #ENDPOINT} (a SCADA writes the ack
 * back to its HMI). Most events come from the audit trail (see {@link #audited}), which already marks every one of
 * them once and after commit; the rest are published where they happen.
 *
 * <p>Free when nobody listens: {@code hasListeners} is asked first, so the alarm path pays one volatile read. With a
 * listener, events are built and handed over on one thread of their own (the alarm's source is read there), through a
 * bounded queue: a listener that cannot keep up loses events (counted, logged), never delays an alarm.
 */
public final class EventPublisher implements AutoCloseable {

    /** Where user routes consume events: {@code from: seda:callout-events?multipleConsumers=true}. */
    public static final String ENDPOINT = "seda:callout-events?multipleConsumers=true&discardIfNoConsumers=true"
            + "&blockWhenFull=false&discardWhenFull=true";

    /** The hand-over to Camel: body (JSON) and headers. */
    public interface Sink {
        void send(String json, Map<String, Object> headers);
    }

    private static final Logger LOG = LoggerFactory.getLogger("callout.events");

    private final BooleanSupplier hasListeners;
    private final Sink sink;
    private final LongFunction<java.util.Optional<Alarm>> alarms;
    private final Clock clock;
    private final ExecutorService worker;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public EventPublisher(BooleanSupplier hasListeners, Sink sink, LongFunction<java.util.Optional<Alarm>> alarms,
                          Clock clock) {
        this.hasListeners = hasListeners;
        this.sink = sink;
        this.alarms = alarms;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "callout-events");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** The event type an audit entry stands for, or null when it is none of the published ones. */
    static String typeOf(String kind, String outcome) {
        return switch (kind) {
            case "alarm-ack" -> "acknowledged".equals(outcome) ? "alarm.acknowledged" : null;
            case "alarm-cleared" -> "alarm.cleared";
            case "alarm-suppressed" -> "alarm.suppressed";
            case "escalation-exhausted" -> "alarm.exhausted";
            case "escalation-step-empty" -> "alarm.step-empty";
            case "notification-sent" -> "alarm.notified";
            case "notification-delivered", "notification-completed" -> "alarm.delivered";
            case "notification-failed", "notification-undelivered", "notification-busy", "notification-no-answer",
                 "notification-canceled" -> "alarm.not-delivered";
            default -> null;
        };
    }

    /** An audit entry (committed): published when it is one of the alarm events. */
    public void audited(String kind, Long alarmId, Long userId, String channel, String outcome, String detail) {
        String type = typeOf(kind, outcome);
        if (type != null) {
            publish(type, alarmId, userId, channel, outcome, detail, null);
        }
    }

    /** A new alarm was stored. */
    public void raised(long alarmId) {
        publish("alarm.raised", alarmId, null, null, "active", null, null);
    }

    /** An escalation step notified these (one event per person; the body passes through unchanged). */
    public java.util.List<alarm.Notification> escalated(java.util.List<alarm.Notification> step) {
        if (step != null && hasListeners.getAsBoolean()) {
            step.stream().filter(n -> n.attempt() > 1)
                    .collect(java.util.stream.Collectors.toMap(alarm.Notification::userId, n -> n, (a, b) -> a,
                            LinkedHashMap::new))
                    .values().forEach(n -> publish("alarm.escalated", n.alarmId(), n.userId(), null, "escalated",
                            null, Map.of("round", n.round(), "step", n.step())));
        }
        return step;
    }

    /** Twilio delivered an SMS or a call to Callout's number. */
    public void inbound(String channel, Map<String, String> params) {
        if (!hasListeners.getAsBoolean()) {
            return;
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("from", params.get("From"));
        extra.put("to", params.get("To"));
        if ("sms".equals(channel)) {
            extra.put("body", params.get("Body"));
            extra.put("sid", params.get("MessageSid"));
        } else {
            extra.put("sid", params.get("CallSid"));
        }
        publish("sms".equals(channel) ? "sms.received" : "call.received", null, null, channel, null, null, extra);
    }

    private void publish(String type, Long alarmId, Long userId, String channel, String outcome, String detail,
                         Map<String, Object> extra) {
        if (!hasListeners.getAsBoolean()) {
            return;
        }
        Instant at = clock.instant();
        try {
            worker.execute(() -> build(type, alarmId, userId, channel, outcome, detail, extra, at));
        } catch (RejectedExecutionException full) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.warn("event listeners are not keeping up: {} events dropped so far (latest {} of alarm {})",
                        dropped.get(), type, alarmId);
            }
        }
    }

    private void build(String type, Long alarmId, Long userId, String channel, String outcome, String detail,
                       Map<String, Object> extra, Instant at) {
        try {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", type);
            e.put("alarmId", alarmId);
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put("CalloutEventType", type);
            if (alarmId != null) {
                headers.put("CalloutAlarmId", alarmId);
                alarms.apply(alarmId).ifPresent(a -> {
                    e.put("source", a.source());
                    e.put("name", a.name());
                    e.put("priority", a.priority());
                    e.put("state", a.state());
                    headers.put("CalloutAlarmSource", a.source());
                    headers.put("CalloutSourceTopic", topicSafe(a.source()));
                });
            }
            e.put("userId", userId);
            e.put("channel", channel);
            e.put("at", at.toString());
            if (outcome != null) {
                e.put("outcome", outcome);
            }
            if (detail != null) {
                e.put("detail", detail);
            }
            if (extra != null) {
                e.putAll(extra);
            }
            sink.send(web.Json.MAPPER.writeValueAsString(e), headers);
            published.incrementAndGet();
        } catch (Exception ex) {
            LOG.warn("could not publish event {} of alarm {}: {}", type, alarmId, ex.toString());
        }
    }

    private static final java.util.regex.Pattern TOPIC_UNSAFE = java.util.regex.Pattern.compile("[+#\\u0000]");

    /** An alarm source as an MQTT topic level path: wildcards and NUL are not allowed in a published topic. */
    static String topicSafe(String source) {
        return TOPIC_UNSAFE.matcher(source).replaceAll("_");
    }

    /** Events handed to listeners, and events dropped because they did not keep up. */
    public long[] counts() {
        return new long[] {published.get(), dropped.get()};
    }

    @Override
    public void close() {
        worker.shutdown();
    }
}
