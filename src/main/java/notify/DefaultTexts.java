package notify;

import alarm.Alarm;
import alarm.Notification;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongFunction;
import twiml.AlarmView;
import twiml.DefaultTwiml;

/** The alarm SMS text of DefaultTwiml, with the event's time in the reader's time zone. */
public final class DefaultTexts implements Texts {

    private final LongFunction<ZoneId> zoneOfUser;

    public DefaultTexts(LongFunction<ZoneId> zoneOfUser) {
        this.zoneOfUser = zoneOfUser;
    }

    /** Every reader on UTC. */
    public DefaultTexts() {
        this(user -> ZoneOffset.UTC);
    }

    @Override
    public String smsNotification(Alarm a, Notification n) {
        // the event's own time when the source gave one, else when Callout received it
        return DefaultTwiml.smsNotification(new AlarmView(a.id(), a.source(), a.name(), a.displayPath(), a.priority(),
                a.state(), a.message(), n.ackCode(), a.eventTime()), n.ackCode(),
                a.eventTime() != null ? a.eventTime() : a.receivedAt(), zoneOfUser.apply(n.userId()));
    }
}
