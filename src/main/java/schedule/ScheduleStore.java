package schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import schedule.ScheduleOverride.Kind;

/** Schedules, their overrides and calendar feeds in SQL (V10__schedules.sql). */
final class ScheduleStore {

    /** A calendar feed as stored: only the hash of its secret. */
    record FeedRow(long id, long scheduleId, Long userId, Instant createdAt) {
    }

    private final Jdbi jdbi;

    ScheduleStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts the schedule; empty when the name is taken. */
    Optional<Long> insert(Schedule s) {
        return jdbi.inTransaction(h -> {
            if (idByName(h, s.name()).isPresent()) {
                return Optional.empty();
            }
            long id = h.createUpdate("INSERT INTO schedules (name, time_zone) VALUES (:n, :z)")
                    .bind("n", s.name()).bind("z", s.zone().getId())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            writeRotations(h, id, s.rotations());
            return Optional.of(id);
        });
    }

    /** Replaces name, zone and rotations; false when the name is another schedule's. */
    boolean update(Schedule s) {
        return jdbi.inTransaction(h -> {
            Optional<Long> other = idByName(h, s.name());
            if (other.isPresent() && other.get() != s.id()) {
                return false;
            }
            h.createUpdate("UPDATE schedules SET name = :n, time_zone = :z WHERE id = :id")
                    .bind("n", s.name()).bind("z", s.zone().getId()).bind("id", s.id()).execute();
            // members and restrictions go with their rotation (ON DELETE CASCADE)
            h.createUpdate("DELETE FROM schedule_rotations WHERE schedule_id = :id").bind("id", s.id()).execute();
            writeRotations(h, s.id(), s.rotations());
            return true;
        });
    }

    private static void writeRotations(Handle h, long id, List<Rotation> rotations) {
        for (int i = 0; i < rotations.size(); i++) {
            Rotation r = rotations.get(i);
            h.createUpdate("INSERT INTO schedule_rotations (schedule_id, position, name, type, shift_length, start_local) "
                            + "VALUES (:s, :p, :n, :t, :l, :start)")
                    .bind("s", id).bind("p", i).bind("n", r.name()).bind("t", r.type().json())
                    .bind("l", r.shiftLength()).bind("start", r.start().toString()).execute();
            for (int j = 0; j < r.members().size(); j++) {
                h.createUpdate("INSERT INTO schedule_rotation_members (schedule_id, rotation, position, user_id) "
                                + "VALUES (:s, :r, :p, :u)")
                        .bind("s", id).bind("r", i).bind("p", j).bind("u", r.members().get(j)).execute();
            }
            for (int j = 0; j < r.restrict().size(); j++) {
                Restriction x = r.restrict().get(j);
                h.createUpdate("INSERT INTO schedule_restrictions (schedule_id, rotation, position, days, from_time, "
                                + "to_time) VALUES (:s, :r, :p, :d, :f, :t)")
                        .bind("s", id).bind("r", i).bind("p", j)
                        .bind("d", x.days().stream().sorted().map(d -> d.name().substring(0, 3))
                                .collect(Collectors.joining(",")))
                        .bind("f", x.from().toString()).bind("t", x.to().toString()).execute();
            }
        }
    }

    Optional<Schedule> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, time_zone FROM schedules WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).findOne()
                .map(row -> new Schedule(id, row[0], ZoneId.of(row[1]), rotations(h, id))));
    }

    private static List<Rotation> rotations(Handle h, long id) {
        List<Rotation> out = new ArrayList<>();
        List<Object[]> rows = h.createQuery("SELECT position, name, type, shift_length, start_local "
                        + "FROM schedule_rotations WHERE schedule_id = :id ORDER BY position")
                .bind("id", id).map((rs, ctx) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getInt(4), rs.getString(5)}).list();
        for (Object[] r : rows) {
            int pos = (Integer) r[0];
            List<Long> members = h.createQuery("SELECT user_id FROM schedule_rotation_members "
                            + "WHERE schedule_id = :id AND rotation = :r ORDER BY position")
                    .bind("id", id).bind("r", pos).mapTo(Long.class).list();
            List<Restriction> restrict = h.createQuery("SELECT days, from_time, to_time FROM schedule_restrictions "
                            + "WHERE schedule_id = :id AND rotation = :r ORDER BY position")
                    .bind("id", id).bind("r", pos)
                    .map((rs, ctx) -> new Restriction(days(rs.getString(1)), LocalTime.parse(rs.getString(2)),
                            LocalTime.parse(rs.getString(3)))).list();
            out.add(new Rotation((String) r[1], RotationType.valueOf(((String) r[2]).toUpperCase(Locale.ROOT)),
                    (Integer) r[3], LocalDateTime.parse((String) r[4]), members, restrict));
        }
        return out;
    }

    private static Set<DayOfWeek> days(String csv) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : csv.split(",")) {
            for (DayOfWeek w : DayOfWeek.values()) {
                if (w.name().startsWith(d)) {
                    days.add(w);
                }
            }
        }
        return days;
    }

    Optional<Long> idByName(String name) {
        return jdbi.withHandle(h -> idByName(h, name));
    }

    private static Optional<Long> idByName(Handle h, String name) {
        return h.createQuery("SELECT id FROM schedules WHERE name = :n").bind("n", name).mapTo(Long.class).findOne();
    }

    List<Long> ids() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM schedules ORDER BY id").mapTo(Long.class).list());
    }

    boolean delete(long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM schedules WHERE id = :id").bind("id", id).execute()) > 0;
    }

    // ---- overrides

    long insertOverride(long scheduleId, ScheduleOverride o) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO schedule_overrides (schedule_id, kind, user_id, "
                        + "to_user_id, start_at, end_at) VALUES (:s, :k, :u, :t, :start, :end)")
                .bind("s", scheduleId).bind("k", o.kind().name().toLowerCase(Locale.ROOT)).bind("u", o.user())
                .bind("t", o.toUser()).bind("start", ts(o.start())).bind("end", ts(o.end()))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    List<ScheduleOverride> overrides(long scheduleId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, kind, user_id, to_user_id, start_at, end_at "
                        + "FROM schedule_overrides WHERE schedule_id = :s ORDER BY id")
                .bind("s", scheduleId).map((rs, ctx) -> override(rs)).list());
    }

    private static ScheduleOverride override(ResultSet rs) throws SQLException {
        Long to = nullableLong(rs, "to_user_id");
        return new ScheduleOverride(rs.getLong("id"), instant(rs, "start_at"), instant(rs, "end_at"),
                Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), rs.getLong("user_id"), to);
    }

    boolean deleteOverride(long scheduleId, long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM schedule_overrides WHERE id = :id AND schedule_id = :s")
                .bind("id", id).bind("s", scheduleId).execute()) > 0;
    }

    // ---- calendar feeds

    long insertFeed(long scheduleId, Long userId, String secretHash) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO schedule_feeds (schedule_id, user_id, secret_hash) "
                        + "VALUES (:s, :u, :h)")
                .bind("s", scheduleId).bind("u", userId).bind("h", secretHash)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    Optional<FeedRow> feedByHash(String secretHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, schedule_id, user_id, created_at FROM schedule_feeds "
                        + "WHERE secret_hash = :h")
                .bind("h", secretHash).map((rs, ctx) -> feed(rs)).findOne());
    }

    List<FeedRow> feeds(long scheduleId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, schedule_id, user_id, created_at FROM schedule_feeds "
                        + "WHERE schedule_id = :s ORDER BY id")
                .bind("s", scheduleId).map((rs, ctx) -> feed(rs)).list());
    }

    private static FeedRow feed(ResultSet rs) throws SQLException {
        return new FeedRow(rs.getLong("id"), rs.getLong("schedule_id"), nullableLong(rs, "user_id"),
                instant(rs, "created_at"));
    }

    private static Long nullableLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    boolean deleteFeed(long scheduleId, long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM schedule_feeds WHERE id = :id AND schedule_id = :s")
                .bind("id", id).bind("s", scheduleId).execute()) > 0;
    }

    private static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
