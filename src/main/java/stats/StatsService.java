package stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads the statistics the sink keeps in SQL. Totals include the "unknown" bucket (userId 0, numbers on
 * nobody's roster entry) and counts kept for users since deleted, so they equal the sum of {@link #users()}.
 */
public final class StatsService {

    private static final String COUNTER_COLUMNS = "COALESCE(s.messages_sent, 0), COALESCE(s.messages_received, 0), "
            + "COALESCE(s.calls_sent, 0), COALESCE(s.calls_received, 0), "
            + "COALESCE(s.call_minutes_sent, 0), COALESCE(s.call_minutes_received, 0)";
    private static final String USER_QUERY = "SELECT u.id, u.username, COALESCE(u.sms, u.phone), " + COUNTER_COLUMNS
            + " FROM users u LEFT JOIN user_stats s ON s.user_id = u.id";
    private static final String ORPHAN_QUERY = "SELECT s.user_id, NULL, NULL, " + COUNTER_COLUMNS
            + " FROM user_stats s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id)";
    private static final String TOTALS_QUERY = "SELECT COALESCE(SUM(messages_sent), 0), "
            + "COALESCE(SUM(messages_received), 0), COALESCE(SUM(calls_sent), 0), COALESCE(SUM(calls_received), 0), "
            + "COALESCE(SUM(call_minutes_sent), 0), COALESCE(SUM(call_minutes_received), 0) FROM user_stats";
    private static final String CSV_HEADER = "userId,username,phoneNumber,messagesSent,messagesReceived,"
            + "callsSent,callsReceived,callMinutesSent,callMinutesReceived";

    private final DataSource dataSource;

    public StatsService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Statistics of one user (zeros if nothing counted yet); id 0 is the unknown bucket; {@code null} if no such user. */
    public TwilioUser getUser(long userId) {
        List<TwilioUser> found = query(USER_QUERY + " WHERE u.id = ?", userId);
        if (found.isEmpty()) {
            found = query(ORPHAN_QUERY + " AND s.user_id = ?", userId);
        }
        if (found.isEmpty() && userId == UserDirectory.UNKNOWN_USER_ID) {
            return new TwilioUser(0, TwilioUser.UNKNOWN_USERNAME, null, 0, 0, 0, 0, 0, 0);
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /** The six totals keyed by tag path ({@link StatsTags#COUNTERS}, in that order). */
    public Map<String, Long> totals() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(TOTALS_QUERY);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Map<String, Long> totals = new LinkedHashMap<>();
            for (int i = 0; i < StatsTags.COUNTERS.size(); i++) {
                totals.put(StatsTags.COUNTERS.get(i), rs.getLong(i + 1));
            }
            return totals;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read statistics totals", e);
        }
    }

    /**
     * The UserStatistics dataset: every user by id (zeros included), then, only when non-zero, the unknown
     * bucket (userId 0, username {@code unknown}) and counts kept for deleted users (username {@code deleted}).
     */
    public List<TwilioUser> users() {
        List<TwilioUser> users = query(USER_QUERY + " ORDER BY u.id");
        query(ORPHAN_QUERY + " ORDER BY s.user_id").stream().filter(TwilioUser::hasCounts).forEach(users::add);
        return users;
    }

    /** {@link #users()} as CSV: a header line, then one row per user; RFC 4180 (CRLF, quotes doubled). */
    public String usersCsv() {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append("\r\n");
        for (TwilioUser u : users()) {
            csv.append(u.getUserId()).append(',').append(csvField(u.getUsername())).append(',')
                    .append(csvField(u.getPhoneNumber())).append(',')
                    .append(u.getMessagesSent()).append(',').append(u.getMessagesReceived()).append(',')
                    .append(u.getCallsSent()).append(',').append(u.getCallsReceived()).append(',')
                    .append(u.getCallMinutesSent()).append(',').append(u.getCallMinutesReceived()).append("\r\n");
        }
        return csv.toString();
    }

    static String csvField(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\r") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private List<TwilioUser> query(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<TwilioUser> users = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    String username = rs.getString(2);
                    if (username == null) {
                        username = id == UserDirectory.UNKNOWN_USER_ID ? TwilioUser.UNKNOWN_USERNAME
                                : TwilioUser.DELETED_USERNAME;
                    }
                    users.add(new TwilioUser(id, username, rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
                }
            }
            return users;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read user statistics", e);
        }
    }
}
