package alarm;

import java.time.Instant;

/** One message or call placed for an alarm (a row of the notifications table). */
public record Notification(long id, long alarmId, long userId, String channel, String toNumber, int round,
                           int step, int attempt, String ackCode, String status, String twilioSid, String error,
                           Instant createdAt, Instant updatedAt) {

    public boolean isSms() {
        return "sms".equals(channel);
    }
}
