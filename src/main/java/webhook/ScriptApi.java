package webhook;

import ack.AckService;
import alarm.AlarmStore;
import java.util.List;
import roster.RosterService;
import script.CalloutApi;
import twiml.AckOutcome;
import twiml.AlarmView;
import twiml.UserView;

/** The {@code callout} object call scripts get. */
public final class ScriptApi implements CalloutApi {

    private final AlarmStore alarms;
    private final RosterService rosters;
    private final AckService acks;
    private final Sms smsSender;
    private final java.util.function.LongFunction<stats.TwilioUser> users;

    /** Sends an SMS from {@code from} (null: Callout's number); true if Twilio accepted it. */
    @FunctionalInterface
    public interface Sms {
        boolean send(String to, String body, String from);
    }

    public ScriptApi(AlarmStore alarms, RosterService rosters, AckService acks, Sms smsSender,
                     java.util.function.LongFunction<stats.TwilioUser> users) {
        this.alarms = alarms;
        this.rosters = rosters;
        this.acks = acks;
        this.smsSender = smsSender;
        this.users = users;
    }

    @Override
    public List<AlarmView> activeAlarms(long userId) {
        return alarms.activeForUser(userId).stream()
                .map(a -> Views.alarm(a, alarms.latestCode(a.id(), userId).orElse(null)))
                .toList();
    }

    @Override
    public UserView userByNumber(String e164) {
        return rosters.userByNumber(e164).map(Views::user).orElse(null);
    }

    @Override
    public AckOutcome acknowledge(long alarmId, long userId, String pin, String channel) {
        return acks.acknowledge(alarmId, userId, pin, channel);
    }

    @Override
    public boolean sendSms(String to, String body) {
        return smsSender.send(to, body, null);
    }

    @Override
    public boolean sendSms(String to, String body, String from) {
        return smsSender.send(to, body, from);
    }

    @Override
    public stats.TwilioUser getUser(long userId) {
        return users.apply(userId);
    }
}
