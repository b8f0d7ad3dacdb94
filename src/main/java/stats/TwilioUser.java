package stats;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * Usage statistics of one user: the seed's {@code system.twilio.getUser(id)} result.
 * JSON: {@code userId, username, phoneNumber, messagesSent, messagesReceived, callsSent, callsReceived,
 * callMinutesSent, callMinutesReceived}. {@code phoneNumber} is the user's SMS number, else the phone number.
 */
@JsonPropertyOrder({"userId", "username", "phoneNumber", "messagesSent", "messagesReceived", "callsSent",
        "callsReceived", "callMinutesSent", "callMinutesReceived"})
public final class TwilioUser {

    /** Username of the bucket for numbers on nobody's roster entry (userId 0). */
    public static final String UNKNOWN_USERNAME = "unknown";
    /** Username shown for counts kept for a user id that no longer exists. */
    public static final String DELETED_USERNAME = "deleted";

    private final long userId;
    private final String username;
    private final String phoneNumber;
    private final long messagesSent;
    private final long messagesReceived;
    private final long callsSent;
    private final long callsReceived;
    private final long callMinutesSent;
    private final long callMinutesReceived;

    public TwilioUser(long userId, String username, String phoneNumber, long messagesSent, long messagesReceived,
                      long callsSent, long callsReceived, long callMinutesSent, long callMinutesReceived) {
        this.userId = userId;
        this.username = username;
        this.phoneNumber = phoneNumber;
        this.messagesSent = messagesSent;
        this.messagesReceived = messagesReceived;
        this.callsSent = callsSent;
        this.callsReceived = callsReceived;
        this.callMinutesSent = callMinutesSent;
        this.callMinutesReceived = callMinutesReceived;
    }

    public long getUserId() { return userId; }
    public String getUsername() { return username; }
    public String getPhoneNumber() { return phoneNumber; }
    public long getMessagesSent() { return messagesSent; }
    public long getMessagesReceived() { return messagesReceived; }
    public long getCallsSent() { return callsSent; }
    public long getCallsReceived() { return callsReceived; }
    public long getCallMinutesSent() { return callMinutesSent; }
    public long getCallMinutesReceived() { return callMinutesReceived; }

    boolean hasCounts() {
        return messagesSent + messagesReceived + callsSent + callsReceived + callMinutesSent + callMinutesReceived > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwilioUser that && userId == that.userId && Objects.equals(username, that.username)
                && Objects.equals(phoneNumber, that.phoneNumber) && messagesSent == that.messagesSent
                && messagesReceived == that.messagesReceived && callsSent == that.callsSent
                && callsReceived == that.callsReceived && callMinutesSent == that.callMinutesSent
                && callMinutesReceived == that.callMinutesReceived;
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, username, phoneNumber, messagesSent, messagesReceived, callsSent, callsReceived,
                callMinutesSent, callMinutesReceived);
    }

    @Override
    public String toString() {
        return "TwilioUser{userId=" + userId + ", username=" + username + ", phoneNumber=" + phoneNumber
                + ", messagesSent=" + messagesSent + ", messagesReceived=" + messagesReceived
                + ", callsSent=" + callsSent + ", callsReceived=" + callsReceived
                + ", callMinutesSent=" + callMinutesSent + ", callMinutesReceived=" + callMinutesReceived + "}";
    }
}
