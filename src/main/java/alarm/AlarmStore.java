package alarm;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** SQL for alarms and notifications. */
public final class AlarmStore {

    private final Jdbi jdbi;
    private final db.Jdbc jdbc;

    public AlarmStore(Jdbi jdbi, db.Jdbc jdbc) {
        this.jdbi = jdbi;
        this.jdbc = jdbc;
    }

    /*
     * Every read names its columns and maps them by position: H2 builds a label -> index map (every column name
     * upper-cased, twice) for each result set read by label, which was 18% of a voice webhook's CPU. The webhook's
     * notification and alarm come in one join: one statement (one MVCC snapshot) instead of two.
     */
    public static final String NOTIFICATION_COLUMNS = "id, alarm_id, user_id, channel, to_number, round_no, step, "
            + "attempt, ack_code, status, twilio_sid, error, created_at, updated_at";
    private static final String ALARM_COLUMNS = "id, source, name, display_path, priority, state, message, roster, "
            + "event_id, event_time, input, received_at, cleared_at, ack_user_id, ack_channel, ack_at, suppressed";
    private static final int NOTIFICATION_COLUMN_COUNT = 14;
    private static final String ALARM_BY_ID = "SELECT " + ALARM_COLUMNS + " FROM alarms WHERE id = ?";
    private static final String NOTIFICATION_BY_ID = "SELECT " + NOTIFICATION_COLUMNS
            + " FROM notifications WHERE id = ?";
    private static final String NOTIFICATION_AND_ALARM_BY_ID = "SELECT "
            + prefixed("n.", NOTIFICATION_COLUMNS) + ", " + prefixed("a.", ALARM_COLUMNS)
            + " FROM notifications n JOIN alarms a ON a.id = n.alarm_id WHERE n.id = ?";

    private static String prefixed(String prefix, String columns) {
        return java.util.Arrays.stream(columns.split(", ")).map(c -> prefix + c)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The alarm with its notifications (for the API). */
    public Optional<Alarm> find(long id) {
        return alarm(id).map(a -> a.withNotifications(notificationViews(a.id())));
    }

    /** The alarm alone (one query: webhooks and notifications need no more). */
    public Optional<Alarm> alarm(long id) {
        return jdbc.byId(ALARM_BY_ID, id, rs -> alarmAt(rs, 0));
    }

    public static Optional<Alarm> find(Handle h, long id) {
        return h.createQuery("SELECT " + ALARM_COLUMNS + " FROM alarms WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> alarmAt(rs, 0)).findOne();
    }

    /**
     * A page of alarms, newest first, each with its notifications as {@link #find} shows them: the page's
     * notifications come in one query (by the alarm_id index), not one per alarm.
     */
    public List<Alarm> list(String state, int limit) {
        return jdbi.inTransaction(h -> {
            List<Alarm> page = h.createQuery("SELECT " + ALARM_COLUMNS + " FROM alarms "
                            + (state == null ? "" : "WHERE state = :state ") + "ORDER BY id DESC LIMIT :limit")
                    .bind("state", state).bind("limit", limit)
                    .map((rs, ctx) -> alarmAt(rs, 0)).list();
            if (page.isEmpty()) {
                return page;
            }
            Map<Long, List<Alarm.NotificationView>> byAlarm = new HashMap<>();
            h.createQuery("SELECT " + NOTIFICATION_COLUMNS + " FROM notifications WHERE alarm_id IN (<ids>) "
                            + "ORDER BY id")
                    .bindList("ids", page.stream().map(Alarm::id).toList())
                    .map((rs, ctx) -> notificationAt(rs, 0))
                    .forEach(n -> byAlarm.computeIfAbsent(n.alarmId(), k -> new ArrayList<>()).add(view(n)));
            return page.stream().map(a -> a.withNotifications(byAlarm.getOrDefault(a.id(), List.of()))).toList();
        });
    }

    /**
     * Active (unacknowledged) alarms whose roster lists the user (as a member or a step's user target), or that
     * notified them (a schedule target had them on call), newest first.
     */
    public List<Alarm> activeForUser(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + prefixed("a.", ALARM_COLUMNS)
                        + " FROM alarms a WHERE a.state = 'active' AND ("
                        + "a.roster IN (SELECT roster_name FROM roster_members WHERE user_id = :u) "
                        + "OR a.roster IN (SELECT roster_name FROM roster_step_targets WHERE user_id = :u) "
                        + "OR EXISTS (SELECT 1 FROM notifications n WHERE n.alarm_id = a.id AND n.user_id = :u)) "
                        + "ORDER BY a.id DESC")
                .bind("u", userId).map((rs, ctx) -> alarmAt(rs, 0)).list());
    }

    /** Notifications held for this contact and channel (storm control), oldest first, in the caller's transaction. */
    public static List<Notification> held(Handle h, String toNumber, String channel) {
        return h.createQuery("SELECT " + NOTIFICATION_COLUMNS + " FROM notifications WHERE status = 'bundled' "
                        + "AND to_number = :t AND channel = :c ORDER BY id")
                .bind("t", toNumber).bind("c", channel).map((rs, ctx) -> notificationAt(rs, 0)).list();
    }

    /** Contacts (number, channel) with notifications held by storm control. */
    public List<String[]> heldContacts() {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT to_number, channel FROM notifications "
                        + "WHERE status = 'bundled'")
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).list());
    }

    /** Notifications sent as one bundle. */
    public static List<Notification> inBundle(Handle h, long bundleId) {
        return h.createQuery("SELECT " + NOTIFICATION_COLUMNS + " FROM notifications WHERE bundle_id = :b ORDER BY id")
                .bind("b", bundleId).map((rs, ctx) -> notificationAt(rs, 0)).list();
    }

    /** Active alarms this user was paged for (newest first): what {@code ALL <PIN>} acknowledges. */
    public List<Alarm> notifiedActiveForUser(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ALARM_COLUMNS + " FROM alarms WHERE state = 'active' "
                        + "AND id IN (SELECT alarm_id FROM notifications WHERE user_id = :u) ORDER BY id DESC")
                .bind("u", userId).map((rs, ctx) -> alarmAt(rs, 0)).list());
    }

    /** Users notified of this alarm (any channel), in the order they were first notified. */
    public List<Long> notifiedUsers(long alarmId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT user_id FROM notifications WHERE alarm_id = :a "
                        + "GROUP BY user_id ORDER BY MIN(id)")
                .bind("a", alarmId).mapTo(Long.class).list());
    }

    public List<Alarm.NotificationView> notificationViews(long alarmId) {
        return notifications(alarmId).stream().map(AlarmStore::view).toList();
    }

    private static Alarm.NotificationView view(Notification n) {
        return new Alarm.NotificationView(n.id(), n.userId(), n.channel(), n.status(), n.twilioSid(), n.attempt(),
                n.createdAt());
    }

    public List<Notification> notifications(long alarmId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + NOTIFICATION_COLUMNS
                        + " FROM notifications WHERE alarm_id = :a ORDER BY id")
                .bind("a", alarmId).map((rs, ctx) -> notificationAt(rs, 0)).list());
    }

    /** A notification and its alarm, read in one query (the voice webhook's hot path). */
    public record NotificationAndAlarm(Notification notification, Alarm alarm) {
    }

    public Optional<NotificationAndAlarm> notificationAndAlarm(long id) {
        return jdbc.byId(NOTIFICATION_AND_ALARM_BY_ID, id,
                rs -> new NotificationAndAlarm(notificationAt(rs, 0), alarmAt(rs, NOTIFICATION_COLUMN_COUNT)));
    }

    public Optional<Notification> notification(long id) {
        return jdbc.byId(NOTIFICATION_BY_ID, id, rs -> notificationAt(rs, 0));
    }

    public Optional<Notification> notificationBySid(String sid) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + NOTIFICATION_COLUMNS
                        + " FROM notifications WHERE twilio_sid = :s")
                .bind("s", sid).map((rs, ctx) -> notificationAt(rs, 0)).findFirst());
    }

    /** The newest notification sent to that number, optionally only those with this ack code. */
    public Optional<Notification> latestTo(String number, String ackCode) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + NOTIFICATION_COLUMNS
                        + " FROM notifications WHERE to_number = :n "
                        + (ackCode == null ? "" : "AND ack_code = :c ") + "ORDER BY id DESC LIMIT 1")
                .bind("n", number).bind("c", ackCode).map((rs, ctx) -> notificationAt(rs, 0)).findOne());
    }

    /** The ack code of the newest SMS notification of that alarm to that user, if any. */
    public Optional<String> latestCode(long alarmId, long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT ack_code FROM notifications WHERE alarm_id = :a "
                        + "AND user_id = :u ORDER BY CASE WHEN channel = 'sms' THEN 0 ELSE 1 END, id DESC LIMIT 1")
                .bind("a", alarmId).bind("u", userId).mapTo(String.class).findOne());
    }

    /** An alarm from ALARM_COLUMNS starting after column {@code o}. */
    static Alarm alarmAt(ResultSet rs, int o) throws SQLException {
        long ackUser = rs.getLong(o + 14);
        Alarm.Ack ack = rs.wasNull() ? null : new Alarm.Ack(ackUser, rs.getString(o + 15), instant(rs, o + 16));
        return new Alarm(rs.getLong(o + 1), rs.getString(o + 2), rs.getString(o + 3), rs.getString(o + 4),
                rs.getString(o + 5), rs.getString(o + 6), rs.getString(o + 7), rs.getString(o + 8),
                rs.getString(o + 9), instant(rs, o + 10), rs.getString(o + 11), instant(rs, o + 12),
                instant(rs, o + 13), ack, List.of(), rs.getBoolean(o + 17));
    }

    /** A notification from NOTIFICATION_COLUMNS starting after column {@code o}. */
    public static Notification notificationAt(ResultSet rs, int o) throws SQLException {
        return new Notification(rs.getLong(o + 1), rs.getLong(o + 2), rs.getLong(o + 3), rs.getString(o + 4),
                rs.getString(o + 5), rs.getInt(o + 6), rs.getInt(o + 7), rs.getInt(o + 8), rs.getString(o + 9),
                rs.getString(o + 10), rs.getString(o + 11), rs.getString(o + 12), instant(rs, o + 13),
                instant(rs, o + 14));
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static Instant instant(ResultSet rs, String col) throws SQLException {
        return instant(rs, rs.findColumn(col));
    }

    /** Timestamps go to the database as UTC OffsetDateTime (portable across H2 and PostgreSQL). */
    public static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

}
