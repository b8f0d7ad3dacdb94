package schedule;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;
import schedule.ScheduleJson.Body;
import schedule.ScheduleJson.OverrideBody;
import schedule.ScheduleJson.RestrictionBody;
import schedule.ScheduleJson.RotationBody;
import schedule.ScheduleOverride.Kind;
import web.ApiException;

/** Checks schedule and override JSON and turns it into the resolver's types; every error names its field. */
final class ScheduleInputs {

    /** Like roster names, but not all digits: {@code /api/schedules/{id}} also takes a name. */
    private static final Pattern NAME = Pattern.compile("(?!\\d+$)[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final int MAX_SHIFT_LENGTH = 10_000;

    private final LongPredicate userExists;

    ScheduleInputs(LongPredicate userExists) {
        this.userExists = userExists;
    }

    Schedule schedule(long id, Body in) {
        if (in == null) {
            throw ApiException.badRequest(null, "a JSON object is required");
        }
        if (in.name() == null || !NAME.matcher(in.name()).matches()) {
            throw ApiException.badRequest("name",
                    "name is required: letters, digits, '.', '_' or '-', at most 100, not only digits");
        }
        ZoneId zone = zone(in.timeZone());
        List<Rotation> rotations = new ArrayList<>();
        List<RotationBody> rs = in.rotations() == null ? List.of() : in.rotations();
        for (int i = 0; i < rs.size(); i++) {
            rotations.add(rotation("rotations[" + i + "]", rs.get(i)));
        }
        return new Schedule(id, in.name(), zone, rotations);
    }

    private static ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) {
            throw ApiException.badRequest("timeZone", "timeZone is required (an IANA zone like Europe/Amsterdam)");
        }
        try {
            return ZoneId.of(tz.trim());
        } catch (DateTimeException e) {
            throw ApiException.badRequest("timeZone", "unknown time zone '" + tz + "' (an IANA zone like Europe/Amsterdam)");
        }
    }

    private Rotation rotation(String field, RotationBody r) {
        if (r == null) {
            throw ApiException.badRequest(field, "a rotation object is required");
        }
        if (r.name() != null && r.name().length() > 100) {
            throw ApiException.badRequest(field + ".name", "name is longer than 100 characters");
        }
        RotationType type = type(field + ".type", r.type());
        int length = r.shiftLength() == null ? 1 : r.shiftLength();
        if (length < 1 || length > MAX_SHIFT_LENGTH) {
            throw ApiException.badRequest(field + ".shiftLength",
                    "shiftLength must be 1 to " + MAX_SHIFT_LENGTH + " " + type.unit.toString().toLowerCase(Locale.ROOT)
                            + ", got " + length);
        }
        LocalDateTime start = localDateTime(field + ".start", r.start());
        if (r.members() == null || r.members().isEmpty()) {
            throw ApiException.badRequest(field + ".members", "members is required (an ordered list of user ids)");
        }
        for (int j = 0; j < r.members().size(); j++) {
            Long u = r.members().get(j);
            if (u == null || !userExists.test(u)) {
                throw ApiException.badRequest(field + ".members[" + j + "]", "no user " + u);
            }
        }
        List<Restriction> restrict = new ArrayList<>();
        List<RestrictionBody> rb = r.restrict() == null ? List.of() : r.restrict();
        for (int j = 0; j < rb.size(); j++) {
            restrict.add(restriction(field + ".restrict[" + j + "]", rb.get(j)));
        }
        return new Rotation(r.name(), type, length, start, r.members(), restrict);
    }

    private static RotationType type(String field, String t) {
        if (t == null) {
            throw ApiException.badRequest(field, "type is required: hourly, daily or weekly");
        }
        try {
            return RotationType.valueOf(t.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, "unknown type '" + t + "' (hourly, daily or weekly)");
        }
    }

    private static LocalDateTime localDateTime(String field, String s) {
        if (s == null) {
            throw ApiException.badRequest(field, "start is required: the first hand-off, local time like 2026-12-07T08:00");
        }
        try {
            return LocalDateTime.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field,
                    "'" + s + "' is not a local date-time like 2026-12-07T08:00 (no offset: the schedule's zone applies)");
        }
    }

    private static Restriction restriction(String field, RestrictionBody r) {
        if (r == null) {
            throw ApiException.badRequest(field, "a restriction object is required");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (r.days() == null || r.days().isEmpty()) {
            days = EnumSet.allOf(DayOfWeek.class);
        } else {
            for (int k = 0; k < r.days().size(); k++) {
                days.add(day(field + ".days[" + k + "]", r.days().get(k)));
            }
        }
        LocalTime from = time(field + ".from", r.from());
        LocalTime to = time(field + ".to", r.to());
        if (from.equals(to)) {
            throw ApiException.badRequest(field + ".to", "to equals from: a restriction needs a length (leave out "
                    + "restrict for the whole day)");
        }
        return new Restriction(days, from, to);
    }

    private static DayOfWeek day(String field, String d) {
        if (d != null) {
            String s = d.trim().toUpperCase(Locale.ROOT);
            for (DayOfWeek w : DayOfWeek.values()) {
                if (w.name().equals(s) || w.name().substring(0, 3).equals(s)) {
                    return w;
                }
            }
        }
        throw ApiException.badRequest(field, "unknown day '" + d + "' (MON, TUE, WED, THU, FRI, SAT, SUN)");
    }

    private static LocalTime time(String field, String t) {
        if (t == null) {
            throw ApiException.badRequest(field, "a local time like 08:00 is required");
        }
        try {
            return LocalTime.parse(t.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "'" + t + "' is not a local time like 08:00");
        }
    }

    ScheduleOverride override(OverrideBody in) {
        if (in == null) {
            throw ApiException.badRequest(null, "a JSON object is required");
        }
        Instant start = instant("start", in.start(), true);
        Instant end = instant("end", in.end(), true);
        if (!end.isAfter(start)) {
            throw ApiException.badRequest("end", "end must be after start");
        }
        int given = (in.add() != null ? 1 : 0) + (in.remove() != null ? 1 : 0) + (in.replace() != null ? 1 : 0);
        if (given != 1) {
            throw ApiException.badRequest(in.add() != null ? "remove" : "add",
                    "exactly one of add, remove or replace is required");
        }
        if (in.add() != null) {
            return new ScheduleOverride(0, start, end, Kind.ADD, user("add", in.add()), null);
        }
        if (in.remove() != null) {
            return new ScheduleOverride(0, start, end, Kind.REMOVE, user("remove", in.remove()), null);
        }
        long from = user("replace.from", in.replace().from());
        long to = user("replace.to", in.replace().to());
        if (from == to) {
            throw ApiException.badRequest("replace.to", "replace.to is the same user as replace.from");
        }
        return new ScheduleOverride(0, start, end, Kind.REPLACE, from, to);
    }

    private long user(String field, Long id) {
        if (id == null || !userExists.test(id)) {
            throw ApiException.badRequest(field, id == null ? field + " (a user id) is required" : "no user " + id);
        }
        return id;
    }

    /** An ISO-8601 instant ({@code 2027-03-26T07:00:00Z} or with an offset); null when optional and absent. */
    static Instant instant(String field, String s, boolean required) {
        if (s == null || s.isBlank()) {
            if (required) {
                throw ApiException.badRequest(field, field + " is required (an ISO-8601 instant like 2027-03-26T07:00:00Z)");
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "'" + s + "' is not an ISO-8601 instant like 2027-03-26T07:00:00Z");
        }
    }

    /** The JSON form of a stored schedule. */
    static Body json(Schedule s) {
        List<RotationBody> rs = new ArrayList<>();
        for (Rotation r : s.rotations()) {
            List<RestrictionBody> restrict = new ArrayList<>();
            for (Restriction x : r.restrict()) {
                restrict.add(new RestrictionBody(x.days().stream().sorted().map(d -> d.name().substring(0, 3)).toList(),
                        x.from().toString(), x.to().toString()));
            }
            rs.add(new RotationBody(r.name(), r.type().json(), r.shiftLength(), r.start().toString(), r.members(),
                    restrict.isEmpty() ? null : restrict));
        }
        return new Body(s.id(), s.name(), s.zone().getId(), rs);
    }

    static OverrideBody json(ScheduleOverride o) {
        return switch (o.kind()) {
            case ADD -> new OverrideBody(o.id(), o.start().toString(), o.end().toString(), o.user(), null, null);
            case REMOVE -> new OverrideBody(o.id(), o.start().toString(), o.end().toString(), null, o.user(), null);
            case REPLACE -> new OverrideBody(o.id(), o.start().toString(), o.end().toString(), null, null,
                    new ScheduleJson.Replace(o.user(), o.toUser()));
        };
    }
}
