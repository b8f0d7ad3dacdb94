package notify;

import alarm.Alarm;

/** The words of an alarm SMS. */
public interface Texts {

    String smsNotification(Alarm alarm, String ackCode);
}
