package notify;

import alarm.AlarmStore;
import alarm.Notification;
import audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Notifications held because Twilio refused them (see Notifier#held) are tried again, every {@code holdRetry}, by
 * the run that owns them; one whose alarm was acknowledged or cleared meanwhile is canceled instead.
 */
public final class HeldRetry {

    private static final int BATCH = 1000;
    private static final String HELD = "SELECT " + prefixed(AlarmStore.NOTIFICATION_COLUMNS) + ", a.state "
            + "FROM notifications n JOIN alarms a ON a.id = n.alarm_id "
            + "WHERE n.owner = :me AND n.status = 'held' AND n.updated_at <= :cutoff ORDER BY n.id LIMIT " + BATCH;

    private final Jdbi jdbi;
    private final db.GroupCommit writes;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration holdRetry;
    private final Supplier<String> owner;

    public HeldRetry(Jdbi jdbi, db.GroupCommit writes, AuditLog audit, Clock clock,
                     Duration holdRetry, Supplier<String> owner) {
        this.jdbi = jdbi;
        this.writes = writes;
        this.audit = audit;
        this.clock = clock;
        this.holdRetry = holdRetry;
        this.owner = owner;
    }

    private record Held(Notification notification, String alarmState) {
    }

    /** The held notifications due for another try, set back to 'pending' (so the next look does not take them). */
    public List<Notification> due() {
        Instant now = clock.instant();
        // read outside the writer: almost always nothing is held, and then nothing is written
        List<Held> held = jdbi.withHandle(h -> h.createQuery(HELD).bind("me", owner.get())
                .bind("cutoff", AlarmStore.ts(now.minus(holdRetry)))
                .map((rs, ctx) -> new Held(AlarmStore.notificationAt(rs, 0), rs.getString(15))).list());
        if (held.isEmpty()) {
            return List.of();
        }
        return writes.inTransaction(h -> {
            List<Notification> due = new ArrayList<>();
            for (Held x : held) {
                Notification n = x.notification();
                boolean active = "active".equals(x.alarmState());
                int rows = h.createUpdate(active
                                ? "UPDATE notifications SET status = 'pending', updated_at = :now "
                                    + "WHERE id = :id AND status = 'held'"
                                : "UPDATE notifications SET status = 'canceled', updated_at = :now, owner = NULL "
                                    + "WHERE id = :id AND status = 'held'")
                        .bind("now", AlarmStore.ts(now)).bind("id", n.id()).execute();
                if (rows == 1 && active) {
                    due.add(n);
                } else if (rows == 1) {
                    audit.insert(h, "notification-canceled", n.alarmId(), n.userId(), n.channel(), "canceled",
                            "held while Twilio refused; the alarm is " + x.alarmState() + " now");
                }
            }
            return due;
        });
    }

    private static String prefixed(String columns) {
        return "n." + columns.replace(", ", ", n.");
    }
}
