package notify;

import alarm.Alarm;
import twiml.AlarmView;
import twiml.DefaultTwiml;

/** The alarm SMS text of DefaultTwiml. */
public final class DefaultTexts implements Texts {

    @Override
    public String smsNotification(Alarm a, String ackCode) {
        return DefaultTwiml.smsNotification(new AlarmView(a.id(), a.source(), a.name(), a.displayPath(), a.priority(),
                a.state(), a.message(), ackCode, a.eventTime()), ackCode);
    }
}
