package notify;

import alarm.Alarm;
import alarm.AlarmStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import roster.User;
import twiml.LocalTwiml;
import twiml.Prompts;

/**
 * Tells people how an alarm ended: when it is acknowledged, everyone else already notified of it gets
 * {@code ACK by ann 03:14: Boiler overtemp (site1/boiler1)}; when it clears, everyone notified gets
 * {@code CLEARED 03:40: ...} (but not the person who closed it, who has their reply already). Listens to the committed
 * audit trail, so every way an alarm ends (SMS, voice, console, API, a cleared event) tells the same people once.
 *
 * <p>Notices to one phone are gathered until none came for {@code callout.notices.merge} (at most four times that
 * from the first) and sent as one SMS ({@code ACK by ann 03:14:
 * 200 alarms: ...} after {@code ALL <PIN>}), worded by texts.groovy, counted against the phone's SMS rate limit (held
 * until it allows, never dropped), and sent with a status callback so they count in statistics.
 */
public final class OutcomeNotices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("callout.notices");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /** One outcome waiting to be told to one person. */
    private record Notice(boolean ack, Alarm alarm, String by) {
    }

    private final AlarmStore alarms;
    private final LongFunction<java.util.Optional<User>> users;
    private final Wording wording;
    private final storm.StormControl storm;
    private final BiPredicate<String, String> sms;
    private final Clock clock;
    private final Duration merge;
    private final ZoneId defaultZone;
    private final boolean onAck;
    private final boolean onClear;
    private final ScheduledExecutorService worker;
    /**
     * What waits for one phone: its user, the notices gathered, and System.nanoTime of the first and the latest
     * (touched on the worker thread only).
     */
    private static final class Gathered {
        final User user;
        final List<Notice> notices = new ArrayList<>();
        final long first;
        long latest;

        Gathered(User user, long now) {
            this.user = user;
            this.first = now;
            this.latest = now;
        }
    }

    /** Per phone number, in the order they were first gathered. */
    private final Map<String, Gathered> pending = new LinkedHashMap<>();

    public OutcomeNotices(AlarmStore alarms, LongFunction<java.util.Optional<User>> users, Wording wording,
                          storm.StormControl storm, BiPredicate<String, String> sms, Clock clock, Duration merge,
                          ZoneId defaultZone, boolean onAck, boolean onClear) {
        this.alarms = alarms;
        this.users = users;
        this.wording = wording;
        this.storm = storm;
        this.sms = sms;
        this.clock = clock;
        this.merge = merge;
        this.defaultZone = defaultZone;
        this.onAck = onAck;
        this.onClear = onClear;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
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
            worker.execute(() -> gather(alarmId, userId, true));
        } else if (onClear && "alarm-cleared".equals(kind)) {
            worker.execute(() -> gather(alarmId, userId, false));
        }
    }

    private void gather(long alarmId, Long actor, boolean ack) {
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
                Gathered g = pending.get(to);
                long now = System.nanoTime();
                if (g == null) {
                    g = new Gathered(u, now);
                    pending.put(to, g);
                    worker.schedule(() -> flush(to), merge.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    g.latest = now;
                }
                g.notices.add(new Notice(ack, alarm, by));
            }
        } catch (RuntimeException e) {
            LOG.warn("outcome notices of alarm {} failed: {}", alarmId, e.toString());
        }
    }

    /** Sends what was gathered for one phone, as few SMS as the kinds allow, when its rate limit allows. */
    private void flush(String to) {
        Gathered g = pending.get(to);
        if (g == null || g.notices.isEmpty()) {
            pending.remove(to);
            return;
        }
        User u = g.user;
        List<Notice> list = g.notices;
        // outcomes still coming in (ALL over thousands of alarms settles them for seconds): wait until none came for
        // the merge time, but no longer than four merge times from the first, so that one SMS tells them all
        long mergeNanos = merge.toNanos();
        long wait = Math.min(g.latest + mergeNanos, g.first + 4 * mergeNanos) - System.nanoTime();
        if (wait > 0) {
            worker.schedule(() -> flush(to), wait, TimeUnit.NANOSECONDS);
            return;
        }
        try {
            Instant now = clock.instant();
            Instant allowed = storm.admitNotice(to, now);
            if (allowed.isAfter(now)) {
                worker.schedule(() -> flush(to), Duration.between(now, allowed).toMillis() + 50, TimeUnit.MILLISECONDS);
                return;
            }
            pending.remove(to);
            // one SMS per kind and acknowledger: "ACK by ann 03:14: 200 alarms: ..." / "CLEARED 03:40: ..."
            Map<String, List<Notice>> groups = new LinkedHashMap<>();
            for (Notice n : list) {
                groups.computeIfAbsent((n.ack() ? "ack:" + n.by() : "clear"), k -> new ArrayList<>()).add(n);
            }
            boolean first = true;
            for (List<Notice> group : groups.values()) {
                if (!first && !storm.admitNotice(to, clock.instant()).equals(clock.instant())) {
                    // the limit allowed one: the rest wait for the next opening (due at once: no more merging)
                    pending.computeIfAbsent(to, k -> new Gathered(u, System.nanoTime() - 4 * mergeNanos)).notices
                            .addAll(group);
                    continue;
                }
                first = false;
                send(to, u, group);
            }
            if (pending.containsKey(to)) {
                worker.schedule(() -> flush(to), merge.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("outcome notices to {} failed: {}", to, e.toString());
        }
    }

    private void send(String to, User u, List<Notice> group) {
        Notice n = group.get(0);
        // the reader's own zone, as in their alarm SMS (Callout's zone for a user without one)
        String time = HH_MM.format(at(n.alarm(), n.ack()).atZone(u.zoneOr(defaultZone)));
        Prompts words = Prompts.of(u.language());
        String what = group.size() == 1 ? what(n.alarm()) : words.get("n.many", group.size(), list(group));
        String text = n.ack() ? words.get("n.ack", n.by(), time, what) : words.get("n.clear", time, what);
        if (text.length() > LocalTwiml.SMS_NOTIFICATION_MAX) {
            text = text.substring(0, LocalTwiml.SMS_NOTIFICATION_MAX - 1).stripTrailing() + "…";
        }
        String body = wording.text(n.ack() ? "ack-notice" : "clear-notice", n.alarm(), Wording.view(n.alarm(), null),
                u, text, n.by() == null ? Map.of("time", time, "count", group.size())
                        : Map.of("time", time, "by", n.by(), "count", group.size()));
        if (!sms.test(to, body)) {
            LOG.warn("{} notice to user {} not sent", n.ack() ? "ACK" : "CLEARED", u.id());
        }
    }

    private static String what(Alarm a) {
        return a.name() + (a.source() == null ? "" : " (" + a.source() + ")");
    }

    private static String list(List<Notice> group) {
        StringBuilder sb = new StringBuilder();
        for (Notice n : group) {
            if (sb.length() > LocalTwiml.SMS_NOTIFICATION_MAX) {
                sb.append(", …");
                break;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(what(n.alarm()));
        }
        return sb.toString();
    }

    private Instant at(Alarm alarm, boolean ack) {
        Instant at = ack ? (alarm.ack() == null ? null : alarm.ack().at()) : alarm.clearedAt();
        return at == null ? clock.instant() : at;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
