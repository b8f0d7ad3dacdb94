package webhook;

import alarm.Alarm;
import alarm.Notification;
import java.util.LinkedHashMap;
import java.util.Map;
import roster.User;
import twiml.AlarmView;
import twiml.UserView;

/** What scripts and default TwiML see of Callout's records. */
final class Views {

    private Views() {
    }

    static AlarmView alarm(Alarm a, String ackCode) {
        return a == null ? null : new AlarmView(a.id(), a.source(), a.name(), a.displayPath(), a.priority(),
                a.state(), a.message(), ackCode, a.eventTime() != null ? a.eventTime() : a.receivedAt());
    }

    static UserView user(User u) {
        return u == null ? null : new UserView(u.id(), u.username(), u.sms(), u.phone(), u.language());
    }

    static Map<String, Object> notification(Notification n) {
        if (n == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("alarmId", n.alarmId());
        m.put("userId", n.userId());
        m.put("channel", n.channel());
        m.put("to", n.toNumber());
        m.put("attempt", n.attempt());
        m.put("round", n.round());
        m.put("ackCode", n.ackCode());
        m.put("status", n.status());
        return m;
    }
}
