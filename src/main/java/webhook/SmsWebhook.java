package webhook;

import ack.AckService;
import ack.SmsCommand;
import alarm.Alarm;
import alarm.AlarmStore;
import alarm.Notification;
import audit.AuditLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import roster.RosterService;
import roster.User;
import script.CalloutApi;
import twiml.AckOutcome;
import twiml.AlarmView;
import twiml.LocalTwiml;
import twiml.MessagingTwiml;

/**
 * Messages to Callout's number. {@code <code> <PIN>} acknowledges the alarm of that code, {@code <PIN>} alone the
 * alarm of the latest notification sent to that phone; anything else goes to scripts/sms.groovy. A wrong PIN and an
 * unknown code get the same neutral reply.
 */
public final class SmsWebhook {

    private final AlarmStore alarms;
    private final RosterService rosters;
    private final AckService acks;
    private final Scripted scripted;
    private final CalloutApi api;
    private final AuditLog audit;
    private final java.util.function.Function<User, LocalTwiml> wording;

    /** {@code wording}: the words for a user (null: unknown sender), e.g. {@code notify.Wording#words}. */
    public SmsWebhook(AlarmStore alarms, RosterService rosters, AckService acks, Scripted scripted, CalloutApi api,
                      AuditLog audit, java.util.function.Function<User, LocalTwiml> wording) {
        this.wording = wording;
        this.alarms = alarms;
        this.rosters = rosters;
        this.acks = acks;
        this.scripted = scripted;
        this.api = api;
        this.audit = audit;
    }

    public String handle(Map<String, String> params) {
        String from = params.get("From");
        User user = rosters.userByNumber(from).orElse(null);
        SmsCommand cmd = SmsCommand.parse(params.get("Body"));
        if (user != null && cmd.kind().changes()) {
            return command(user, from, cmd);
        }
        String defaultXml;
        if (user == null) {
            defaultXml = words(null).smsUnknownSender();
        } else if (cmd.kind() == SmsCommand.Kind.LIST) {
            defaultXml = words(user).smsStatus(Views.user(user), api.activeAlarms(user.id()));
        } else {
            defaultXml = words(user).smsHelp();
        }
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("callAction", "sms");
        bindings.put("params", params);
        bindings.put("notification", null);
        bindings.put("alarm", null);
        bindings.put("user", Views.user(user));
        bindings.put("callout", api);
        return scripted.run("sms", "sms", bindings, defaultXml, new MessagingTwiml(), null,
                user == null ? null : user.id(), "sms");
    }

    /** A command that changes something: its PIN is checked (and counts towards the lockout) before it acts. */
    private String command(User user, String from, SmsCommand cmd) {
        LocalTwiml w = words(user);
        if (cmd.kind() == SmsCommand.Kind.ALL) {
            List<Alarm> open = alarms.notifiedActiveForUser(user.id());
            AckService.AckAll all = acks.acknowledgeAll(open.stream().map(Alarm::id).toList(), user.id(), cmd.pin(),
                    "sms");
            return w.smsAckResult(all.outcome(), open.stream().filter(a -> all.acknowledged()
                    .contains(a.id())).map(a -> Views.alarm(a, null)).toList());
        }
        Notification n = alarms.latestTo(from, cmd.code()).orElse(null);
        if (n == null) {
            audit.record("sms-ack-unknown", null, user.id(), "sms", "not-found",
                    cmd.code() == null ? "no notification was sent to " + from : "unknown code " + cmd.code());
            return w.smsAckResult(AckOutcome.WRONG_PIN, List.of());
        }
        Alarm alarm = alarms.alarm(n.alarmId()).orElse(null);
        List<twiml.AlarmView> view = alarm == null ? List.of() : List.of(Views.alarm(alarm, n.ackCode()));
        return switch (cmd.kind()) {
            case ESCALATE, CLOSE -> {
                AckService.Command done = cmd.kind() == SmsCommand.Kind.ESCALATE
                        ? acks.escalate(n.alarmId(), user.id(), cmd.pin(), "sms")
                        : acks.close(n.alarmId(), user.id(), cmd.pin(), "sms");
                if (done.refused() != null || view.isEmpty()) {
                    yield w.smsAckResult(done.refused() == null ? AckOutcome.NOT_FOUND : done.refused(),
                            List.of());
                }
                yield cmd.kind() == SmsCommand.Kind.ESCALATE ? w.smsEscalated(view.get(0), done.changed())
                        : w.smsClosed(view.get(0), done.changed());
            }
            default -> w.smsAckResult(acks.acknowledge(n.alarmId(), user.id(), cmd.pin(), "sms"), view);
        };
    }

    /** The user's language's words (their prompt pack, reworded by texts.groovy). */
    private LocalTwiml words(User user) {
        return wording.apply(user);
    }
}
