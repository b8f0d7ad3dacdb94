package notify;

import alarm.AlarmStore;
import alarm.Notification;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twilio.TwilioErrors;

/**
 * Status callbacks lost (Callout down, a network fault) would leave a notification queued or sent for ever. A
 * notification without a final status after {@code reconcileAfter} is fetched from Twilio by its SID, and what
 * Twilio says is applied exactly as a status callback with those parameters would be (Notifier#status), so the
 * statistics count it once whether the callback, the reconciliation or both got there.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int BATCH = 200;
    private static final Duration GIVE_UP = Duration.ofDays(1);
    /** Every notification not final (they keep an owner, see cluster.Leases), past pending and held. */
    private static final String STALE = "SELECT " + AlarmStore.NOTIFICATION_COLUMNS + " FROM notifications "
            + "WHERE owner > '' AND status NOT IN ('pending', 'held') AND twilio_sid IS NOT NULL "
            + "AND updated_at < :cutoff ORDER BY id LIMIT " + BATCH;

    private final TwilioRestClient twilio;
    private final Notifier notifier;
    private final Jdbi jdbi;
    private final db.GroupCommit writes;
    private final Clock clock;
    private final Duration reconcileAfter;

    public Reconciler(TwilioRestClient twilio, Notifier notifier, Jdbi jdbi, db.GroupCommit writes,
                      Clock clock, Duration reconcileAfter) {
        this.jdbi = jdbi;
        this.twilio = twilio;
        this.notifier = notifier;
        this.writes = writes;
        this.clock = clock;
        this.reconcileAfter = reconcileAfter;
    }

    /** Notifications whose status has not changed for {@code reconcileAfter} and is not final. */
    public List<Notification> stale() {
        return jdbi.withHandle(h -> h.createQuery(STALE)
                .bind("cutoff", AlarmStore.ts(clock.instant().minus(reconcileAfter)))
                .map((rs, ctx) -> AlarmStore.notificationAt(rs, 0)).list());
    }

    /**
     * Asks Twilio for the notification's status and applies it as its status callback would. Returns the alarm to
     * escalate now (the person was not reached), or null.
     */
    public Long reconcile(Notification n) {
        Map<String, String> params;
        try {
            params = n.isSms() ? messageParams(Message.fetcher(n.twilioSid()).fetch(twilio))
                    : callParams(Call.fetcher(n.twilioSid()).fetch(twilio));
        } catch (RuntimeException e) {
            LOG.warn("Could not fetch {} of notification {} from Twilio: {}", n.twilioSid(), n.id(),
                    TwilioErrors.describe(e));
            touch(n);
            return null;
        }
        String status = n.isSms() ? params.get("MessageStatus") : params.get("CallStatus");
        if (!status.equals(n.status())) {
            LOG.info("Notification {} ({}) was {} at Twilio, recorded {}: applied", n.id(), n.twilioSid(), status,
                    n.status());
        }
        Long escalate = notifier.status(n.isSms() ? "message" : "call", n.id(), params);
        if (!Notifier.FINAL.contains(status)) {
            touch(n);  // still on its way at Twilio: looked at again after another reconcileAfter
        }
        return escalate;
    }

    /**
     * Looked at again after another {@code reconcileAfter}; after {@link #GIVE_UP} (some carriers never report
     * delivery, so Twilio keeps "sent") the notification is left as it is and no longer asked about.
     */
    private void touch(Notification n) {
        Instant now = clock.instant();
        writes.useTransaction(h -> h.createUpdate("UPDATE notifications SET updated_at = :now, "
                        + "owner = CASE WHEN created_at < :giveUp THEN NULL ELSE owner END WHERE id = :id")
                .bind("now", AlarmStore.ts(now)).bind("giveUp", AlarmStore.ts(now.minus(GIVE_UP)))
                .bind("id", n.id()).execute());
    }

    /** The parameters of Twilio's message status callback. */
    static Map<String, String> messageParams(Message m) {
        Map<String, String> p = new LinkedHashMap<>();
        String status = m.getStatus() == null ? "queued" : m.getStatus().toString();
        p.put("MessageSid", m.getSid());
        p.put("SmsSid", m.getSid());
        p.put("MessageStatus", status);
        p.put("SmsStatus", status);
        p.put("AccountSid", m.getAccountSid());
        p.put("To", m.getTo());
        p.put("From", m.getFrom() == null ? null : m.getFrom().toString());
        if (m.getErrorCode() != null) {
            p.put("ErrorCode", String.valueOf(m.getErrorCode()));
        }
        p.values().removeIf(java.util.Objects::isNull);
        return p;
    }

    /** The parameters of Twilio's call status callback. */
    static Map<String, String> callParams(Call c) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", c.getSid());
        p.put("CallStatus", c.getStatus() == null ? "queued" : c.getStatus().toString());
        p.put("AccountSid", c.getAccountSid());
        p.put("To", c.getTo());
        p.put("From", c.getFrom());
        p.put("Direction", c.getDirection() == null ? null : c.getDirection().toString());
        if (c.getDuration() != null) {
            p.put("CallDuration", c.getDuration());
        }
        p.values().removeIf(java.util.Objects::isNull);
        return p;
    }
}
