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
            "canceled", "read", "skipped", "merged");
    /** Statuses that mean the person was not reached. */
    static final Set<String> FAILED = Set.of("undelivered", "failed", "busy", "no-answer", "canceled");
    /** FINAL as an SQL list (constants only: no binding, one statement text for the statement cache). */
    private static final String FINAL_SQL = FINAL.stream().sorted().map(st -> "'" + st + "'")
            .collect(java.util.stream.Collectors.joining(", "));

    private static final String STATUS_SQL = "UPDATE notifications SET status = :st, "
            + "twilio_sid = COALESCE(twilio_sid, :sid), error = COALESCE(:e, error), updated_at = :now "
            + "WHERE id = :id AND status NOT IN (" + FINAL_SQL + ")";
    private static final String STATUS_FINAL_SQL = STATUS_SQL.replace("updated_at = :now",
            "updated_at = :now, owner = NULL");

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
    private final twilio.TwilioHealth twilioHealth;

    public Notifier(AlarmStore store, db.GroupCommit writes, EscalationService escalation, AuditLog audit,
                    Texts texts, Clock clock, String from, String publicUrl, int callTimeoutSeconds,
                    java.util.function.BiConsumer<String, String> outcomes, StatsEvents statsEvents,
                    twilio.TwilioHealth twilioHealth) {
        this.twilioHealth = twilioHealth;
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
                n.ackCode(), n.userId()), publicUrl + "/twilio/status/message/" + n.id(), p == null ? null : p.accountSid());
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

    /** The one SMS of a bundle of held notifications (see storm.StormControl); its callbacks update them all. */
    public OutboundSms bundleSms(storm.StormControl.Bundle b) {
        twilio.TwilioProfile p = profileOfRoster == null ? null : profileOfRoster.apply(b.alarms().get(0).roster());
        return new OutboundSms(b.toNumber(), p == null ? from : p.fromNumber(), texts.smsBundle(b.alarms(), b.userId()),
                publicUrl + "/twilio/status/bundle/" + b.id(), p == null ? null : p.accountSid());
    }

    /**
     * Twilio accepted a bundle: every notification in it gets the SID and first status (and its audit entry). A
     * voice bundle is one call about its first (most severe) alarm: the others are marked merged into it.
     */
    public void bundleSent(storm.StormControl.Bundle b, Object resource) {
        String sid = resource instanceof Message m ? m.getSid() : ((Call) resource).getSid();
        String status = resource instanceof Message m ? String.valueOf(m.getStatus())
                : String.valueOf(((Call) resource).getStatus());
        writes.useTransaction(h -> {
            h.createUpdate("UPDATE bundles SET twilio_sid = :sid, status = :st WHERE id = :b")
                    .bind("sid", sid).bind("st", status).bind("b", b.id()).execute();
            boolean first = true;
            for (Notification n : b.notifications()) {
                boolean merged = !first && !"sms".equals(b.channel());
                h.createUpdate("UPDATE notifications SET twilio_sid = :sid, status = :st, updated_at = :now "
                                + "WHERE id = :id")
                        .bind("sid", merged ? null : sid).bind("st", merged ? "merged" : status)
                        .bind("now", AlarmStore.ts(clock.instant())).bind("id", n.id()).execute();
                audit.insert(h, merged ? "notification-merged" : "notification-sent", n.alarmId(), n.userId(),
                        n.channel(), merged ? "merged" : status, "to " + n.toNumber() + " " + sid + " bundle " + b.id()
                                + " of " + b.notifications().size());
                first = false;
            }
        });
        outcomes.accept(b.channel(), "sent");
    }

    /** Twilio refused a bundle: its notifications go back on hold, for the next flush to try again. */
    public void bundleFailed(storm.StormControl.Bundle b, Throwable error) {
        String message = twilio.TwilioErrors.describe(error);
        writes.useTransaction(h -> {
            h.createUpdate("UPDATE bundles SET status = 'failed' WHERE id = :b").bind("b", b.id()).execute();
            h.createUpdate("UPDATE notifications SET status = 'bundled', bundle_id = NULL, updated_at = :now "
                            + "WHERE bundle_id = :b AND status = 'pending'")
                    .bind("now", AlarmStore.ts(clock.instant())).bind("b", b.id()).execute();
        });
        audit.record("bundle-failed", b.alarms().get(0).id(), b.userId(), b.channel(), "failed", truncate(message));
    }

    /**
     * A status callback of a bundle SMS: every notification in it takes the status (statistics count the one SMS
     * once); a failure escalates each of their alarms at once. Returns the alarms to escalate.
     */
    public java.util.List<Long> bundleStatus(long bundleId, Map<String, String> params) {
        StatsIncrement inc = statsEvents.increment("message-status", params);
        String status = params.get("MessageStatus");
        java.util.List<Notification> changed = StatsSql.retrying(() -> writes.inTransaction(h -> {
            if (inc != null) {
                StatsSql.count(h, inc);
            }
            java.util.List<Notification> done = new java.util.ArrayList<>();
            if (status == null) {
                return done;
            }
            for (Notification n : AlarmStore.inBundle(h, bundleId)) {
                int rows = h.createUpdate("UPDATE notifications SET status = :st, updated_at = :now WHERE id = :id "
                                + "AND status NOT IN (" + FINAL_SQL + ")")
                        .bind("st", status).bind("now", AlarmStore.ts(clock.instant())).bind("id", n.id()).execute();
                if (rows > 0) {
                    done.add(n);
                    if (FINAL.contains(status)) {
                        audit.insert(h, "notification-" + status, n.alarmId(), n.userId(), n.channel(), status,
                                "bundle " + bundleId);
                    }
                }
            }
            return done;
        }));
        if (!changed.isEmpty() && FINAL.contains(status)) {
            outcomes.accept("sms", status);
        }
        java.util.List<Long> escalate = new java.util.ArrayList<>();
        if (FAILED.contains(status)) {
            for (Notification n : changed) {
                if (escalation.escalateNow(n)) {
                    escalate.add(n.alarmId());
                }
            }
        }
        return escalate;
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
                            + "CASE WHEN status = 'pending' THEN :st ELSE status END, updated_at = :now"
                            + (FINAL.contains(status) ? ", owner = NULL" : "") + " WHERE id = :id")
                    .bind("sid", sid).bind("st", status).bind("now", AlarmStore.ts(clock.instant())).bind("id", n.id())
                    .execute();
            audit.insert(h, "notification-sent", n.alarmId(), n.userId(), n.channel(), status,
                    "to " + n.toNumber() + " " + sid + " attempt " + n.attempt());
        });
        outcomes.accept(n.channel(), "sent");
        twilioHealth.up();
    }

    /**
     * Twilio itself refuses even after retries (429, 5xx, no connection): not the person's fault, so escalation does
     * not move on. The notification is held (this run's hold retry sends it again, see HeldRetry) and Twilio is
     * reported down.
     */
    public void held(Notification n, Throwable error) {
        String message = twilio.TwilioErrors.describe(error);
        writes.useTransaction(h -> {
            h.createUpdate("UPDATE notifications SET status = 'held', error = :e, updated_at = :now WHERE id = :id "
                            + "AND status = 'pending'")
                    .bind("e", truncate(message))
                    .bind("now", AlarmStore.ts(clock.instant())).bind("id", n.id()).execute();
            audit.insert(h, "notification-held", n.alarmId(), n.userId(), n.channel(), "held", truncate(message));
        });
        outcomes.accept(n.channel(), "held");
        twilioHealth.down(message);
    }

    /**
     * Twilio refused the request itself (e.g. 21211, an invalid number): the notification is recorded as failed
     * (never dropped silently) and escalation moves on. Returns true when escalation should run now.
     */
    public boolean failed(Notification n, Throwable error) {
        String message = twilio.TwilioErrors.describe(error);
        writes.useTransaction(h -> {
            h.createUpdate("UPDATE notifications SET status = 'failed', error = :e, updated_at = :now, owner = NULL "
                            + "WHERE id = :id")
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
            // a final status ends the owner's responsibility (see cluster.Leases)
            int rows = h.createUpdate(FINAL.contains(status) ? STATUS_FINAL_SQL : STATUS_SQL)
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
