package stats;

import java.util.Locale;
import java.util.Map;

/**
 * The statistics rules: turns one Twilio webhook (its request parameters, as Twilio POSTs them)
 * into zero or one counter increment. Idempotency is the sink's job (one increment per kind and SID).
 */
public final class StatsEvents {

    /** Values of the {@code CalloutStatsKind} header on {@code direct:stats}. */
    public static final String KIND_HEADER = "CalloutStatsKind";
    public static final String MESSAGE_STATUS = "message-status";
    public static final String CALL_STATUS = "call-status";
    public static final String INBOUND_SMS = "inbound-sms";

    private final UserDirectory users;

    public StatsEvents(UserDirectory users) {
        this.users = users;
    }

    /** The increment this event is worth, or {@code null} when it counts for nothing. */
    public StatsIncrement increment(String kind, Map<String, ?> params) {
        if (kind == null || params == null) {
            return null;
        }
        StatsIncrement inc = switch (kind) {
            case MESSAGE_STATUS -> messageStatus(params);
            case INBOUND_SMS -> inboundSms(params);
            case CALL_STATUS -> callStatus(params);
            default -> null;
        };
        return inc == null ? null : inc.fromAccount(param(params, "AccountSid"));
    }

    private StatsIncrement messageStatus(Map<String, ?> params) {
        String sid = param(params, "MessageSid");
        String status = lower(param(params, "MessageStatus"));
        if (sid == null || !("sent".equals(status) || "delivered".equals(status))) {
            return null;
        }
        return StatsIncrement.messageSent(sid, users.userIdFor(param(params, "To")));
    }

    private StatsIncrement inboundSms(Map<String, ?> params) {
        String sid = param(params, "MessageSid");
        if (sid == null) {
            sid = param(params, "SmsSid");
        }
        if (sid == null) {
            return null;
        }
        return StatsIncrement.messageReceived(sid, users.userIdFor(param(params, "From")));
    }

    private StatsIncrement callStatus(Map<String, ?> params) {
        String sid = param(params, "CallSid");
        String direction = lower(param(params, "Direction"));
        if (sid == null || direction == null || !"completed".equals(lower(param(params, "CallStatus")))) {
            return null;
        }
        long minutes = minutes(param(params, "CallDuration"));
        if (direction.startsWith("outbound")) {
            return StatsIncrement.callSent(sid, users.userIdFor(param(params, "To")), minutes);
        }
        if (direction.equals("inbound")) {
            return StatsIncrement.callReceived(sid, users.userIdFor(param(params, "From")), minutes);
        }
        return null;
    }

    /** A call's seconds rounded up to whole minutes (61 s is 2 minutes, 0 s is 0); missing or garbled is 0. */
    static long minutes(String callDurationSeconds) {
        if (callDurationSeconds == null) {
            return 0;
        }
        try {
            long seconds = Long.parseLong(callDurationSeconds.trim());
            return seconds <= 0 ? 0 : (seconds + 59) / 60;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String param(Map<String, ?> params, String name) {
        Object value = params.get(name);
        if (value instanceof Iterable<?> values) { // a form field sent twice arrives as a list
            var it = values.iterator();
            value = it.hasNext() ? it.next() : null;
        }
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
