package notify;

import alarm.Alarm;
import alarm.Notification;

/** The words of an alarm SMS. */
public interface Texts {

    /** The SMS of {@code n} (its ack code, and its user's time zone for the event time). */
    String smsNotification(Alarm alarm, Notification n);
}
