package notify;

import alarm.Alarm;
import twiml.DefaultTwiml;

/** The alarm SMS text of DefaultTwiml, in English, with no script (tests and benchmarks of the bare pipeline). */
public final class DefaultTexts implements Texts {

    @Override
    public String smsNotification(Alarm a, String ackCode, long userId) {
        return DefaultTwiml.smsNotification(Wording.view(a, ackCode), ackCode);
    }

    @Override
    public String smsBundle(java.util.List<Alarm> alarms, long userId) {
        return twiml.LocalTwiml.EN.smsBundle(alarms.stream().map(a -> Wording.view(a, null)).toList(),
                java.time.ZoneOffset.UTC);
    }
}
