package notify;

import alarm.Alarm;
import alarm.AlarmStore;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import roster.User;

/**
 * Tells people how an alarm ended: when it is acknowledged, everyone else already notified of it gets
 * {@code ACK by ann 03:14: Boiler overtemp}; when it clears, everyone notified gets {@code CLEARED 03:40: ...}
 * (but not the person who closed it, who has their reply already). Listens to the committed audit trail, so every
 * way an alarm is acknowledged or cleared (SMS, voice, console, API, a cleared event) tells the same people once.
 * Sent like any SMS Callout places, with a status callback, so they count in statistics.
 */
public final class OutcomeNotices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("callout.notices");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final AlarmStore alarms;
    private final LongFunction<java.util.Optional<User>> users;
    private final Wording wording;
    private final BiPredicate<String, String> sms;
    private final Clock clock;
    private final ZoneId defaultZone;
    private final boolean onAck;
    private final boolean onClear;
    private final ExecutorService worker;

    public OutcomeNotices(AlarmStore alarms, LongFunction<java.util.Optional<User>> users, Wording wording,
                          BiPredicate<String, String> sms, Clock clock, ZoneId defaultZone, boolean onAck,
                          boolean onClear) {
        this.alarms = alarms;
        this.users = users;
        this.wording = wording;
        this.sms = sms;
        this.clock = clock;
        this.defaultZone = defaultZone;
        this.onAck = onAck;
        this.onClear = onClear;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "callout-notices");
            t.setDaemon(true);
            return t;
        });
    }

    /** An audit entry, once committed: an acknowledgement or a clear starts the notices (on their own thread). */
    public void audited(String kind, Long alarmId, Long userId, String channel, String outcome, String detail) {
        if (alarmId == null) {
            return;
        }
        if (onAck && "alarm-ack".equals(kind) && "acknowledged".equals(outcome)) {
            worker.execute(() -> send(alarmId, userId, true));
        } else if (onClear && "alarm-cleared".equals(kind)) {
            worker.execute(() -> send(alarmId, userId, false));
        }
    }

    private void send(long alarmId, Long actor, boolean ack) {
        try {
            Alarm alarm = alarms.alarm(alarmId).orElse(null);
            if (alarm == null) {
                return;
            }
            String by = ack && actor != null ? users.apply(actor).map(User::username).orElse("user " + actor) : null;
            for (long userId : alarms.notifiedUsers(alarmId)) {
                if (actor != null && userId == actor) {
                    continue;
                }
                User u = users.apply(userId).orElse(null);
                String to = u == null ? null : u.sms() != null ? u.sms() : u.phone();
                if (to == null) {
                    continue;
                }
                String time = HH_MM.format(at(alarm, ack).atZone(zoneOf(u)));
                String what = alarm.name() + (alarm.source() == null ? "" : " (" + alarm.source() + ")");
                twiml.Prompts words = twiml.Prompts.of(u.language());
                String body = wording.text(ack ? "ack-notice" : "clear-notice", alarm, Wording.view(alarm, null), u,
                        ack ? words.get("n.ack", by, time, what) : words.get("n.clear", time, what),
                        by == null ? Map.of("time", time) : Map.of("time", time, "by", by));
                if (!sms.test(to, body)) {
                    LOG.warn("{} notice of alarm {} to user {} not sent", ack ? "ACK" : "CLEARED", alarmId, userId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("outcome notices of alarm {} failed: {}", alarmId, e.toString());
        }
    }

    private java.time.Instant at(Alarm alarm, boolean ack) {
        java.time.Instant at = ack ? (alarm.ack() == null ? null : alarm.ack().at()) : alarm.clearedAt();
        return at == null ? clock.instant() : at;
    }

    private ZoneId zoneOf(User u) {
        return defaultZone;
    }

    @Override
    public void close() {
        worker.shutdown();
    }
}
