package notify;

import alarm.Alarm;
import alarm.AlarmStore;
import alarm.Notification;
import audit.AuditLog;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import escalation.EscalationService;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import stats.StatsEvents;
import stats.StatsIncrement;
import stats.StatsSql;
import twilio.OutboundCall;
import twilio.OutboundSms;

/**
 * Turns notification rows into Twilio requests and records what Twilio says about them: the SID and status at
 * creation, then every status callback. A failure of the current step makes escalation move on at once.
 */
public final class Notifier {

    /** Statuses after which nothing changes any more. */
    static final Set<String> FINAL = Set.of("delivered", "undelivered", "failed", "completed", "busy", "no-answer",
            "canceled", "read");
    /** Statuses that mean the person was not reached. */
    static final Set<String> FAILED = Set.of("undelivered", "failed", "busy", "no-answer", "canceled");
    /** FINAL as an SQL list (constants only: no binding, one statement text for the statement cache). */
    private static final String FINAL_SQL = FINAL.stream().sorted().map(st -> "'" + st + "'")
            .collect(java.util.stream.Collectors.joining(", "));

    private final AlarmStore store;
    /**
     * The one writer every update of a notification row commits on (SID, failure, status callbacks). Split over two
     * writers, two batches could hold the same row uncommitted: one waits for the other's commit, and two such pairs
     * crossed are a deadlock whose victim may be a SID Twilio has accepted (tried, see bench/README.md).
     */
    private final db.GroupCommit writes;
    private final EscalationService escalation;
    private final AuditLog audit;
    private final Texts texts;
    private final Clock clock;
    private final String from;
    private final String publicUrl;
    private final int callTimeoutSeconds;
    private final java.util.function.BiConsumer<String, String> outcomes;
    private final StatsEvents statsEvents;

    public Notifier(AlarmStore store, db.GroupCommit writes, EscalationService escalation, AuditLog audit,
                    Texts texts, Clock clock, String from, String publicUrl, int callTimeoutSeconds,
                    java.util.function.BiConsumer<String, String> outcomes, StatsEvents statsEvents) {
        this.outcomes = outcomes;
        this.statsEvents = statsEvents;
        this.store = store;
        this.writes = writes;
        this.escalation = escalation;
        this.audit = audit;
        this.texts = texts;
        this.clock = clock;
        this.from = from;
        this.publicUrl = publicUrl;
        this.callTimeoutSeconds = callTimeoutSeconds;
    }

    /** The Twilio profile (number, account) of a roster; null (the default) until {@link #useProfiles} sets it. */
    private java.util.function.Function<String, twilio.TwilioProfile> profileOfRoster;

    /** Notifications go out on the Twilio profile their alarm's roster names (none: the default profile). */
    public void useProfiles(java.util.function.Function<String, twilio.TwilioProfile> profileOfRoster) {
        this.profileOfRoster = profileOfRoster;
    }

    public OutboundSms sms(Notification n) {
        Alarm alarm = store.alarm(n.alarmId()).orElseThrow();
        twilio.TwilioProfile p = profileOfRoster == null ? null : profileOfRoster.apply(alarm.roster());
        return new OutboundSms(n.toNumber(), p == null ? from : p.fromNumber(), texts.smsNotification(alarm,
                n.ackCode()), publicUrl + "/twilio/status/message/" + n.id(), p == null ? null : p.accountSid());
    }

    /** The account a notification goes out on (its roster's profile), or null for the default profile. */
    public String accountSid(Notification n) {
        twilio.TwilioProfile p = profileOfRoster == null ? null
                : profileOfRoster.apply(store.alarm(n.alarmId()).map(Alarm::roster).orElse(null));
        return p == null ? null : p.accountSid();
    }

    public OutboundCall call(Notification n) {
        twilio.TwilioProfile p = profileOfRoster == null ? null
                : profileOfRoster.apply(store.alarm(n.alarmId()).map(Alarm::roster).orElse(null));
        return new OutboundCall(n.toNumber(), p == null ? from : p.fromNumber(),
                publicUrl + "/twilio/voice/notify/" + n.id(), publicUrl + "/twilio/status/call/" + n.id(),
                callTimeoutSeconds, p == null ? null : p.accountSid());
    }

    /** Twilio accepted the request: keep its SID and first status. */
    public void sent(Notification n, Object resource) {
        String sid;
        String status;
        if (resource instanceof Message m) {
            sid = m.getSid();
            status = m.getStatus() == null ? "queued" : m.getStatus().toString();
        } else if (resource instanceof Call c) {
            sid = c.getSid();
            status = c.getStatus() == null ? "queued" : c.getStatus().toString();
        } else {
            throw new IllegalArgumentException("unexpected Twilio result " + resource);
        }
        writes.useTransaction(h -> {
            h.createUpdate("UPDATE notifications SET twilio_sid = :sid, status = "
                            + "CASE WHEN status = 'pending' THEN :st ELSE status END, updated_at = :now WHERE id = :id")
                    .bind("sid", sid).bind("st", status).bind("now", AlarmStore.ts(clock.instant())).bind("id", n.id())
                    .execute();
            audit.insert(h, "notification-sent", n.alarmId(), n.userId(), n.channel(), status,
                    "to " + n.toNumber() + " " + sid + " attempt " + n.attempt());
        });
        outcomes.accept(n.channel(), "sent");
    }

    /**
     * Twilio refused or could not be reached even after retries: the notification is recorded as failed (never
     * dropped silently) and escalation moves on. Returns true when escalation should run now.
     */
    public boolean failed(Notification n, Throwable error) {
        String message = twilio.TwilioErrors.describe(error);
        writes.useTransaction(h -> {
            h.createUpdate("UPDATE notifications SET status = 'failed', error = :e, updated_at = :now WHERE id = :id")
                    .bind("e", truncate(message))
                    .bind("now", AlarmStore.ts(clock.instant())).bind("id", n.id()).execute();
            audit.insert(h, "notification-failed", n.alarmId(), n.userId(), n.channel(), "failed", truncate(message));
        });
        outcomes.accept(n.channel(), "error");
        return escalation.escalateNow(n);
    }

    /**
     * A status callback for notification {@code id} ({@code 0}: a message or call placed outside an alarm). The
     * notification's new status, its audit entry and the statistics increment the callback is worth commit in one
     * unit: a callback Twilio sends again (after a timeout or a 5xx) changes nothing twice and counts nothing twice.
     * Returns the alarm to escalate now, or null.
     */
    public Long status(String kind, long id, Map<String, String> params) {
        StatsIncrement inc = statsEvents.increment(kind + "-status", params);
        // a lost race for a statistics row (the same event counted elsewhere at the same moment) runs it again
        return inc == null ? statusOnce(kind, id, params, null)
                : StatsSql.retrying(() -> statusOnce(kind, id, params, inc));
    }

    private Long statusOnce(String kind, long id, Map<String, String> params, StatsIncrement inc) {
        String sidParam = "message".equals(kind) ? "MessageSid" : "CallSid";
        String status = "message".equals(kind) ? params.get("MessageStatus") : params.get("CallStatus");
        Notification n = status == null ? null
                : (id > 0 ? store.notification(id) : store.notificationBySid(params.get(sidParam))).orElse(null);
        if (n == null || (n.twilioSid() != null && !n.twilioSid().equals(params.get(sidParam)))) {
            // not one of ours (a message sent through the API, or a stale id): statistics only
            if (inc != null) {
                writes.inTransaction(h -> StatsSql.count(h, inc));
            }
            return null;
        }
        String error = params.get("ErrorCode");
        int changed = writes.inTransaction(h -> {
            if (inc != null) {
                StatsSql.count(h, inc);
            }
            int rows = h.createUpdate("UPDATE notifications SET status = :st, "
                            + "twilio_sid = COALESCE(twilio_sid, :sid), error = COALESCE(:e, error), updated_at = :now "
                            + "WHERE id = :id AND status NOT IN (" + FINAL_SQL + ")")
                    .bind("st", status).bind("sid", params.get(sidParam))
                    .bind("e", error == null ? null : "Twilio error " + error)
                    .bind("now", AlarmStore.ts(clock.instant())).bind("id", n.id()).execute();
            if (rows > 0 && FINAL.contains(status)) {
                String detail = FAILED.contains(status) ? (error == null ? null : "Twilio error " + error)
                        : params.containsKey("CallDuration") ? params.get("CallDuration") + " s" : null;
                audit.insert(h, "notification-" + status, n.alarmId(), n.userId(), n.channel(), status, detail);
            }
            return rows;
        });
        if (changed == 0) {
            return null;
        }
        if (FINAL.contains(status)) {
            outcomes.accept(n.channel(), status);
        }
        if (FAILED.contains(status)) {
            return escalation.escalateNow(n) ? n.alarmId() : null;
        }
        return null;
    }

    private static String truncate(String s) {
        return s.length() > 500 ? s.substring(0, 500) : s;
    }
}
