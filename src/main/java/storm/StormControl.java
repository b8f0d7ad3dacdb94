package storm;

import alarm.Alarm;
import alarm.AlarmStore;
import alarm.Notification;
import audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Storm control for one phone: a new alarm for someone who already has unacknowledged alarms notified in the last
 * {@code callout.bundle.window} is held and sent later in one bundle SMS (and at most one call) per window, and no
 * phone is texted or called more often than {@code callout.limits.sms} / {@code callout.limits.voice} allow. Held
 * notifications keep their rows (status {@code bundled}) and are never dropped: {@link #flush} sends them when the
 * window and the limits allow, or marks them {@code skipped} once their alarm is no longer active. Escalation goes on
 * meanwhile. Every decision for a contact runs under that contact's row lock, so instances never decide for the same
 * phone at once, and the sends it counts are rows in the database, so the limits hold across instances.
 */
public final class StormControl {

    /** What {@link #flush} took out of the hold for one contact: nothing, or a bundle to send. */
    public record Bundle(long id, String toNumber, String channel, long userId, List<Notification> notifications,
                         List<Alarm> alarms) {
    }

    private final db.GroupCommit writes;
    private final AlarmStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration window;
    private final ContactLimits sms;
    private final ContactLimits voice;

    public StormControl(db.GroupCommit writes, AlarmStore store, AuditLog audit, Clock clock, Duration window,
                        ContactLimits sms, ContactLimits voice) {
        this.writes = writes;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.window = window;
        this.sms = sms;
        this.voice = voice;
    }

    public boolean enabled() {
        return !window.isZero() || !sms.windows().isEmpty() || !voice.windows().isEmpty();
    }

    /**
     * May this notification go to Twilio now? If so, its send is counted; if not, it is held ({@code bundled}) and
     * audited with the reason, and the caller sends nothing.
     */
    public boolean admit(Notification n) {
        if (!enabled()) {
            return true;
        }
        return writes.inTransaction(h -> {
            lock(h, n.toNumber(), n.channel());
            Instant now = clock.instant();
            String reason = null;
            if (!window.isZero() && recentlyNotifiedOfAnother(h, n, now)) {
                reason = "bundled: other unacknowledged alarms notified within " + window;
            } else if (!window.isZero() && alreadyHolding(h, n)) {
                // a storm in progress for this phone: the new alarm joins the next bundle, not a message of its own
                reason = "bundled: joins the alarms already held for the next bundle";
            } else if (!limits(n.channel()).allows(sends(h, n.toNumber(), n.channel(), now), now)) {
                reason = "rate-limited: " + n.channel() + " limit for " + n.toNumber();
            }
            if (reason != null) {
                int held = h.createUpdate("UPDATE notifications SET status = 'bundled', updated_at = :now "
                                + "WHERE id = :id AND status = 'pending'")
                        .bind("now", AlarmStore.ts(now)).bind("id", n.id()).execute();
                if (held > 0) {
                    audit.insert(h, "notification-held", n.alarmId(), n.userId(), n.channel(), "bundled", reason);
                }
                return false;
            }
            count(h, n.toNumber(), n.channel(), "alarm", n.alarmId(), now);
            return true;
        });
    }

    /**
     * Takes what is held for one contact out of the hold when its window and limits allow: the notifications whose
     * alarm is still active, as one bundle (the caller sends it); those whose alarm ended are marked skipped.
     * Null when nothing is to be sent now.
     */
    public Bundle flush(String toNumber, String channel) {
        return writes.inTransaction(h -> {
            lock(h, toNumber, channel);
            Instant now = clock.instant();
            List<Notification> held = AlarmStore.held(h, toNumber, channel);
            List<Notification> live = new ArrayList<>();
            List<Alarm> alarms = new ArrayList<>();
            for (Notification n : held) {
                Alarm a = AlarmStore.find(h, n.alarmId()).orElse(null);
                if (a == null || !"active".equals(a.state())) {
                    h.createUpdate("UPDATE notifications SET status = 'skipped', updated_at = :now WHERE id = :id")
                            .bind("now", AlarmStore.ts(now)).bind("id", n.id()).execute();
                    audit.insert(h, "notification-skipped", n.alarmId(), n.userId(), n.channel(), "skipped",
                            "held by storm control; alarm " + (a == null ? "gone" : a.state()) + " before it was sent");
                } else if (alarms.stream().noneMatch(x -> x.id() == a.id())) {
                    live.add(n);
                    alarms.add(a);
                } else {
                    // a later round of an alarm already in this bundle
                    h.createUpdate("UPDATE notifications SET status = 'skipped', updated_at = :now WHERE id = :id")
                            .bind("now", AlarmStore.ts(now)).bind("id", n.id()).execute();
                }
            }
            if (live.isEmpty()) {
                return null;
            }
            List<Instant> sent = sends(h, toNumber, channel, now);
            if (!window.isZero() && lastBundleOrAlarm(h, toNumber, channel).map(t -> t.plus(window).isAfter(now))
                    .orElse(false)) {
                return null;
            }
            if (!limits(channel).allows(sent, now)) {
                return null;
            }
            long userId = live.get(0).userId();
            long bundleId = h.createUpdate("INSERT INTO bundles (user_id, to_number, channel, alarms, status, "
                            + "created_at) VALUES (:u, :t, :c, :n, 'sending', :now)")
                    .bind("u", userId).bind("t", toNumber).bind("c", channel).bind("n", live.size())
                    .bind("now", AlarmStore.ts(now)).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            for (Notification n : live) {
                h.createUpdate("UPDATE notifications SET bundle_id = :b, status = 'pending', updated_at = :now "
                                + "WHERE id = :id")
                        .bind("b", bundleId).bind("now", AlarmStore.ts(now)).bind("id", n.id()).execute();
            }
            count(h, toNumber, channel, "bundle", null, now);
            // most severe first: the call (one per window) is about the worst alarm
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < alarms.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingInt((Integer i) -> -severity(alarms.get(i).priority())).thenComparing(i -> i));
            return new Bundle(bundleId, toNumber, channel, userId, order.stream().map(live::get).toList(),
                    order.stream().map(alarms::get).toList());
        });
    }

    /** A notice (ACK by / CLEARED) to this phone: when it may be sent, counting it if now. */
    public Instant admitNotice(String toNumber, Instant now) {
        if (sms.windows().isEmpty()) {
            return now;
        }
        return writes.inTransaction(h -> {
            lock(h, toNumber, "sms");
            Instant at = sms.nextAllowed(sends(h, toNumber, "sms", now), now);
            if (!at.isAfter(now)) {
                count(h, toNumber, "sms", "notice", null, now);
            }
            return at;
        });
    }

    /** Forgets sends older than any window (one statement; run with the flushes). */
    public void prune() {
        Duration keep = max(max(sms.longest(), voice.longest()), window).plusMinutes(1);
        writes.useTransaction(h -> h.createUpdate("DELETE FROM contact_sends WHERE at < :t")
                .bind("t", AlarmStore.ts(clock.instant().minus(keep))).execute());
    }

    private ContactLimits limits(String channel) {
        return "sms".equals(channel) ? sms : voice;
    }

    private static void lock(Handle h, String toNumber, String channel) {
        int found = h.createQuery("SELECT COUNT(*) FROM contacts WHERE to_number = :t AND channel = :c")
                .bind("t", toNumber).bind("c", channel).mapTo(Integer.class).one();
        if (found == 0) {
            try {
                h.createUpdate("INSERT INTO contacts (to_number, channel) VALUES (:t, :c)")
                        .bind("t", toNumber).bind("c", channel).execute();
            } catch (RuntimeException raced) {
                // another instance inserted it first: its row is locked below like any other
            }
        }
        h.createQuery("SELECT to_number FROM contacts WHERE to_number = :t AND channel = :c FOR UPDATE")
                .bind("t", toNumber).bind("c", channel).mapTo(String.class).list();
    }

    private boolean recentlyNotifiedOfAnother(Handle h, Notification n, Instant now) {
        // the first match is enough (a COUNT read every match: in a storm, every admit read the whole window)
        return h.createQuery("SELECT 1 FROM contact_sends s LEFT JOIN alarms a ON a.id = s.alarm_id "
                        + "WHERE s.to_number = :t AND s.channel = :c AND s.at > :since AND (s.kind = 'bundle' "
                        + "OR (s.kind = 'alarm' AND s.alarm_id <> :a AND a.state = 'active')) LIMIT 1")
                .bind("t", n.toNumber()).bind("c", n.channel()).bind("since", AlarmStore.ts(now.minus(window)))
                .bind("a", n.alarmId()).mapTo(Integer.class).findOne().isPresent();
    }

    private static boolean alreadyHolding(Handle h, Notification n) {
        // the first held notification is enough: a COUNT read all of them at every admit (10,000 held in a storm)
        return h.createQuery("SELECT 1 FROM notifications WHERE status = 'bundled' AND to_number = :t "
                        + "AND channel = :c AND alarm_id <> :a LIMIT 1")
                .bind("t", n.toNumber()).bind("c", n.channel()).bind("a", n.alarmId()).mapTo(Integer.class)
                .findOne().isPresent();
    }

    private static java.util.Optional<Instant> lastBundleOrAlarm(Handle h, String toNumber, String channel) {
        return java.util.Optional.ofNullable(h.createQuery("SELECT MAX(at) FROM contact_sends WHERE to_number = :t "
                        + "AND channel = :c AND kind IN ('alarm', 'bundle')")
                .bind("t", toNumber).bind("c", channel)
                .map((rs, ctx) -> {
                    java.time.OffsetDateTime t = rs.getObject(1, java.time.OffsetDateTime.class);
                    return t == null ? null : t.toInstant();
                }).one());
    }

    private List<Instant> sends(Handle h, String toNumber, String channel, Instant now) {
        Duration longest = limits(channel).longest();
        if (longest.isZero()) {
            return List.of();
        }
        return h.createQuery("SELECT at FROM contact_sends WHERE to_number = :t AND channel = :c AND at > :since")
                .bind("t", toNumber).bind("c", channel).bind("since", AlarmStore.ts(now.minus(longest)))
                .map((rs, ctx) -> AlarmStore.instant(rs, "at")).list();
    }

    private static void count(Handle h, String toNumber, String channel, String kind, Long alarmId, Instant now) {
        h.createUpdate("INSERT INTO contact_sends (to_number, channel, kind, alarm_id, at) VALUES (:t, :c, :k, :a, "
                        + ":now)")
                .bind("t", toNumber).bind("c", channel).bind("k", kind).bind("a", alarmId)
                .bind("now", AlarmStore.ts(now)).execute();
    }

    static int severity(String priority) {
        return priority == null ? 2 : switch (priority) {
            case "Critical" -> 4;
            case "High" -> 3;
            case "Medium" -> 2;
            case "Low" -> 1;
            default -> 0;
        };
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
