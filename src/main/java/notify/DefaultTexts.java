package notify;

import alarm.Alarm;

/** Placeholder until DefaultTwiml lands. */
public final class DefaultTexts implements Texts {

    @Override
    public String smsNotification(Alarm alarm, String ackCode) {
        return "[" + alarm.priority().toUpperCase() + "] " + alarm.name() + ": " + alarm.message()
                + ". Reply " + ackCode + " <PIN> to acknowledge.";
    }
}
