package stats;

import java.util.Objects;

/**
 * One counter increment derived from one Twilio event: which event it was (for idempotency),
 * whose counters move, and by how much. Getters are read by the SQL sink ({@code :#${body.userId}}).
 */
public final class StatsIncrement {

    /** Event kinds stored in {@code stats_events.kind}; with the SID they make the idempotency key. */
    public static final String MESSAGE_SENT = "message-sent";
    public static final String MESSAGE_RECEIVED = "message-received";
    public static final String CALL_SENT = "call-sent";
    public static final String CALL_RECEIVED = "call-received";

    private final String eventKind;
    private final String sid;
    private final long userId;
    private final long messagesSent;
    private final long messagesReceived;
    private final long callsSent;
    private final long callsReceived;
    private final long callMinutesSent;
    private final long callMinutesReceived;
    /** The Twilio account the event came from (its webhook's AccountSid), for statistics per profile; may be null. */
    private String accountSid;

    private StatsIncrement(String eventKind, String sid, long userId, long messagesSent, long messagesReceived,
                           long callsSent, long callsReceived, long callMinutesSent, long callMinutesReceived) {
        this.eventKind = eventKind;
        this.sid = sid;
        this.userId = userId;
        this.messagesSent = messagesSent;
        this.messagesReceived = messagesReceived;
        this.callsSent = callsSent;
        this.callsReceived = callsReceived;
        this.callMinutesSent = callMinutesSent;
        this.callMinutesReceived = callMinutesReceived;
    }

    public static StatsIncrement messageSent(String sid, long userId) {
        return new StatsIncrement(MESSAGE_SENT, sid, userId, 1, 0, 0, 0, 0, 0);
    }

    public static StatsIncrement messageReceived(String sid, long userId) {
        return new StatsIncrement(MESSAGE_RECEIVED, sid, userId, 0, 1, 0, 0, 0, 0);
    }

    public static StatsIncrement callSent(String sid, long userId, long minutes) {
        return new StatsIncrement(CALL_SENT, sid, userId, 0, 0, 1, 0, minutes, 0);
    }

    public static StatsIncrement callReceived(String sid, long userId, long minutes) {
        return new StatsIncrement(CALL_RECEIVED, sid, userId, 0, 0, 0, 1, 0, minutes);
    }

    public String getEventKind() { return eventKind; }
    public String getSid() { return sid; }
    public long getUserId() { return userId; }
    public long getMessagesSent() { return messagesSent; }
    public long getMessagesReceived() { return messagesReceived; }
    public long getCallsSent() { return callsSent; }
    public long getCallsReceived() { return callsReceived; }
    public long getCallMinutesSent() { return callMinutesSent; }
    public long getCallMinutesReceived() { return callMinutesReceived; }
    public String getAccountSid() { return accountSid; }
    /** The call minutes this event is worth, whichever direction. */
    public long getMinutes() { return callMinutesSent + callMinutesReceived; }

    /** This increment, from {@code accountSid}'s account. */
    public StatsIncrement fromAccount(String accountSid) {
        this.accountSid = accountSid;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatsIncrement that
                && eventKind.equals(that.eventKind) && sid.equals(that.sid) && userId == that.userId
                && messagesSent == that.messagesSent && messagesReceived == that.messagesReceived
                && callsSent == that.callsSent && callsReceived == that.callsReceived
                && callMinutesSent == that.callMinutesSent && callMinutesReceived == that.callMinutesReceived;
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventKind, sid, userId, messagesSent, messagesReceived, callsSent, callsReceived,
                callMinutesSent, callMinutesReceived);
    }

    @Override
    public String toString() {
        return eventKind + " " + sid + " user=" + userId + " messages=" + messagesSent + "/" + messagesReceived
                + " calls=" + callsSent + "/" + callsReceived + " minutes=" + callMinutesSent + "/" + callMinutesReceived;
    }
}
