package notify;

import alarm.Alarm;

/** The words of an alarm SMS. */
public interface Texts {

    /** The alarm SMS for that user (their language), with the ack code to reply with. */
    String smsNotification(Alarm alarm, String ackCode, long userId);

    /** One SMS for several held alarms (most severe first) to that user. */
    String smsBundle(java.util.List<Alarm> alarms, long userId);
}
