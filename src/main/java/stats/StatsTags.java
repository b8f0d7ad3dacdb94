package stats;

import java.util.List;

/** The seed's tag paths; {@link StatsService#totals()} is keyed by the six counter paths, in this order. */
public final class StatsTags {

    public static final String PREFIX = "System/Gateway/Twilio/";
    public static final String MESSAGES_SENT = PREFIX + "MessagesSent";
    public static final String MESSAGES_RECEIVED = PREFIX + "MessagesReceived";
    public static final String CALLS_SENT = PREFIX + "CallsSent";
    public static final String CALLS_RECEIVED = PREFIX + "CallsReceived";
    public static final String CALL_MINUTES_SENT = PREFIX + "CallMinutesSent";
    public static final String CALL_MINUTES_RECEIVED = PREFIX + "CallMinutesReceived";
    /** The per-user dataset ({@link StatsService#users()}). */
    public static final String USER_STATISTICS = PREFIX + "UserStatistics";

    public static final List<String> COUNTERS = List.of(MESSAGES_SENT, MESSAGES_RECEIVED, CALLS_SENT,
            CALLS_RECEIVED, CALL_MINUTES_SENT, CALL_MINUTES_RECEIVED);

    private StatsTags() {
    }
}
