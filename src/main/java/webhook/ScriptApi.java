package webhook;

import ack.AckService;
import alarm.AlarmStore;
import java.util.List;
import java.util.function.BiPredicate;
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
    private final BiPredicate<String, String> smsSender;

    public ScriptApi(AlarmStore alarms, RosterService rosters, AckService acks, BiPredicate<String, String> smsSender) {
        this.alarms = alarms;
        this.rosters = rosters;
        this.acks = acks;
        this.smsSender = smsSender;
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
        return smsSender.test(to, body);
    }
}
