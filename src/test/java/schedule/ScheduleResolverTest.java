package schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import schedule.ScheduleOverride.Kind;

/** The resolver's rules, one table of cases each: who is on call, when that next changes, and the shifts. */
class ScheduleResolverTest {

    static final ZoneId AMS = ZoneId.of("Europe/Amsterdam");
    static final ZoneId NYC = ZoneId.of("America/New_York");
    static final ZoneId UTC = ZoneId.of("UTC");
    static final Set<DayOfWeek> WORKDAYS = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);

    // ---- the schedules of the table (2027: Amsterdam changes on Mar 28 and Oct 31, New York on Mar 14 and Nov 7)

    /** The acceptance case: three people, a week each, hand-off Friday 08:00 in Amsterdam (Jan 1 2027 is a Friday). */
    static final ScheduleResolver FRIDAY_AMS = resolver(AMS, rot(RotationType.WEEKLY, 1, "2027-01-01T08:00", 1, 2, 3));
    static final ScheduleResolver DAILY_NYC = resolver(NYC, rot(RotationType.DAILY, 1, "2027-03-10T09:00", 1, 2));
    /** 02:30 does not exist in New York on Mar 14 2027. */
    static final ScheduleResolver GAP_NYC = resolver(NYC, rot(RotationType.DAILY, 1, "2027-03-12T02:30", 1, 2));
    /** 01:30 happens twice in New York on Nov 7 2027. */
    static final ScheduleResolver OVERLAP_NYC = resolver(NYC, rot(RotationType.DAILY, 1, "2027-11-05T01:30", 1, 2));
    static final ScheduleResolver HOURLY_AMS_SPRING =
            resolver(AMS, rot(RotationType.HOURLY, 1, "2027-03-28T00:00", 1, 2, 3));
    static final ScheduleResolver HOURLY_AMS_AUTUMN =
            resolver(AMS, rot(RotationType.HOURLY, 1, "2027-10-31T00:00", 1, 2));
    /** A plant's three shifts: 06-14, 14-22, 22-06 local, the night of the spring change is an hour short. */
    static final ScheduleResolver EIGHT_HOURS_AMS =
            resolver(AMS, rot(RotationType.HOURLY, 8, "2027-03-27T06:00", 1, 2, 3));
    static final ScheduleResolver TWO_DAYS = resolver(UTC, rot(RotationType.DAILY, 2, "2027-01-01T08:00", 1, 2));
    /** Friday nights (22:00 to Saturday 06:00) user 1, over user 2 all week. */
    static final ScheduleResolver FRIDAY_NIGHTS = resolver(AMS,
            rot(RotationType.WEEKLY, 1, "2027-01-01T00:00", 2),
            rot(RotationType.DAILY, 1, "2027-01-01T00:00", 1)
                    .restricted(Set.of(DayOfWeek.FRIDAY), "22:00", "06:00"));
    /** User 1 on Sundays 02:30-05:00 local over user 2: a window that starts in the spring gap and the autumn overlap. */
    static final ScheduleResolver SUNDAY_EARLY_AMS = resolver(AMS,
            rot(RotationType.WEEKLY, 1, "2027-01-01T00:00", 2),
            rot(RotationType.DAILY, 1, "2027-01-01T00:00", 1).restricted(Set.of(DayOfWeek.SUNDAY), "02:30", "05:00"));
    /** User 1 on Saturday nights 22:00-06:00 over user 2: the night of the spring change is 7 real hours. */
    static final ScheduleResolver SATURDAY_NIGHTS_AMS = resolver(AMS,
            rot(RotationType.WEEKLY, 1, "2027-01-01T00:00", 2),
            rot(RotationType.DAILY, 1, "2027-01-01T00:00", 1).restricted(Set.of(DayOfWeek.SATURDAY), "22:00", "06:00"));
    /** Users 1 and 2 a week each; user 3 on office hours over them. */
    static final ScheduleResolver OFFICE_OVER_WEEKLY = resolver(AMS,
            rot(RotationType.WEEKLY, 1, "2027-01-04T09:00", 1, 2),
            rot(RotationType.DAILY, 1, "2027-01-04T09:00", 3).restricted(WORKDAYS, "09:00", "17:00"));
    static final ScheduleResolver THREE_WEEKLY_UTC = resolver(UTC, rot(RotationType.WEEKLY, 1, "2027-01-01T08:00", 1, 2, 3));
    /** The same rotation after user 2 left it: the turns are counted again from its start. */
    static final ScheduleResolver TWO_WEEKLY_UTC = resolver(UTC, rot(RotationType.WEEKLY, 1, "2027-01-01T08:00", 1, 3));
    static final ScheduleResolver FUTURE = resolver(UTC, rot(RotationType.DAILY, 1, "2030-01-01T00:00", 1, 2));
    /**
     * Replace 1 by 4 exactly for user 1's second shift (Jan 15-22 08:00 UTC), add 5 for an hour, remove 2 on Jan 22,
     * and replace 1 by 6 for an hour of user 2's shift (changes nothing).
     */
    static final ScheduleResolver OVERRIDDEN = new ScheduleResolver(UTC,
            List.of(rot(RotationType.WEEKLY, 1, "2027-01-01T08:00", 1, 2).rotation()),
            List.of(new ScheduleOverride(1, Instant.parse("2027-01-15T08:00:00Z"), Instant.parse("2027-01-22T08:00:00Z"),
                            Kind.REPLACE, 1, 4L),
                    new ScheduleOverride(2, Instant.parse("2027-01-16T10:00:00Z"), Instant.parse("2027-01-16T11:00:00Z"),
                            Kind.ADD, 5, null),
                    new ScheduleOverride(3, Instant.parse("2027-01-22T08:00:00Z"), Instant.parse("2027-01-22T20:00:00Z"),
                            Kind.REMOVE, 2, null),
                    new ScheduleOverride(4, Instant.parse("2027-01-10T00:00:00Z"), Instant.parse("2027-01-10T01:00:00Z"),
                            Kind.REPLACE, 1, 6L)));

    static Stream<Arguments> onCall() {
        return Stream.of(
                // the acceptance rotation across Amsterdam's spring-forward (Mar 28): user 1 from Fri Mar 26 08:00 CET
                row("Fri 08:00 hand-off before the spring change (CET)", FRIDAY_AMS, "2027-03-26T07:00:00Z", 1),
                row("a minute before it, the week before's user", FRIDAY_AMS, "2027-03-26T06:59:00Z", 3),
                row("one minute before Fri 08:00 CEST, still user 1", FRIDAY_AMS, "2027-04-02T05:59:00Z", 1),
                row("Fri 08:00 CEST is 06:00Z, not 07:00Z", FRIDAY_AMS, "2027-04-02T06:00:00Z", 2),
                // ... and the fall-back (Oct 31): user 2 from Fri Oct 29 08:00 CEST
                row("Fri 08:00 hand-off before the autumn change (CEST)", FRIDAY_AMS, "2027-10-29T06:00:00Z", 2),
                row("Fri 07:30 CET after it, still user 2", FRIDAY_AMS, "2027-11-05T06:30:00Z", 2),
                row("Fri 08:00 CET is 07:00Z", FRIDAY_AMS, "2027-11-05T07:00:00Z", 3),
                // New York's spring-forward (Mar 14) with a daily 09:00 hand-off
                row("Sat 09:00 EST", DAILY_NYC, "2027-03-13T14:00:00Z", 2),
                row("Sun 09:00 EDT is 13:00Z", DAILY_NYC, "2027-03-14T13:00:00Z", 1),
                row("Sun 08:59 EDT, still Saturday's", DAILY_NYC, "2027-03-14T12:59:00Z", 2),
                row("Mon 09:00 EDT", DAILY_NYC, "2027-03-15T13:00:00Z", 2),
                // a hand-off inside the gap happens when the clock jumps (03:00 EDT = 07:00Z)
                row("01:59 EST before the gap, the old shift", GAP_NYC, "2027-03-14T06:59:00Z", 2),
                row("the gap's end takes the 02:30 hand-off", GAP_NYC, "2027-03-14T07:00:00Z", 1),
                row("02:30 EDT next day", GAP_NYC, "2027-03-15T06:30:00Z", 2),
                // a hand-off inside the overlap happens at its first occurrence (01:30 EDT = 05:30Z)
                row("01:29 EDT, the old shift", OVERLAP_NYC, "2027-11-07T05:29:00Z", 2),
                row("01:30 EDT, first occurrence", OVERLAP_NYC, "2027-11-07T05:30:00Z", 1),
                row("01:30 EST, second occurrence: no second hand-off", OVERLAP_NYC, "2027-11-07T06:30:00Z", 1),
                row("01:30 EST next day", OVERLAP_NYC, "2027-11-08T06:30:00Z", 2),
                // hourly across Amsterdam's gap: 02:00 is skipped, so user 3's turn (k=2) gets no time
                row("01:00 CET, k=1", HOURLY_AMS_SPRING, "2027-03-28T00:59:00Z", 2),
                row("03:00 CEST, k=3 (k=2 had no time)", HOURLY_AMS_SPRING, "2027-03-28T01:00:00Z", 1),
                row("04:00 CEST, k=4", HOURLY_AMS_SPRING, "2027-03-28T02:00:00Z", 2),
                // hourly across the overlap: the 02:00 shift (first occurrence) lasts two real hours
                row("02:00 CEST, k=2", HOURLY_AMS_AUTUMN, "2027-10-31T00:00:00Z", 1),
                row("02:30 CET, still k=2", HOURLY_AMS_AUTUMN, "2027-10-31T01:30:00Z", 1),
                row("03:00 CET, k=3", HOURLY_AMS_AUTUMN, "2027-10-31T02:00:00Z", 2),
                // 8-hour shifts stay at 06/14/22 local: the spring night shift is 7 real hours
                row("Sat 22:00 CET night shift", EIGHT_HOURS_AMS, "2027-03-27T21:00:00Z", 3),
                row("Sun 05:59 CEST, night shift still", EIGHT_HOURS_AMS, "2027-03-28T03:59:00Z", 3),
                row("Sun 06:00 CEST morning shift", EIGHT_HOURS_AMS, "2027-03-28T04:00:00Z", 1),
                // shiftLength 2
                row("day 2 of user 1's two days", TWO_DAYS, "2027-01-03T07:59:00Z", 1),
                row("user 2 after two days", TWO_DAYS, "2027-01-03T08:00:00Z", 2),
                row("user 1 again after four", TWO_DAYS, "2027-01-05T08:00:00Z", 1),
                // restriction crossing midnight, over a base layer
                row("Fri 21:59, base layer", FRIDAY_NIGHTS, "2027-01-08T20:59:00Z", 2),
                row("Fri 22:00, restricted layer", FRIDAY_NIGHTS, "2027-01-08T21:00:00Z", 1),
                row("Sat 05:59, still Friday's night", FRIDAY_NIGHTS, "2027-01-09T04:59:00Z", 1),
                row("Sat 06:00, base again", FRIDAY_NIGHTS, "2027-01-09T05:00:00Z", 2),
                row("Sat 23:00, Saturday is not in days", FRIDAY_NIGHTS, "2027-01-09T22:00:00Z", 2),
                row("Thu 23:00", FRIDAY_NIGHTS, "2027-01-07T22:00:00Z", 2),
                // restriction edges in a gap start when the clock jumps, in an overlap at the first occurrence
                row("Sun Mar 28 01:59 CET, before the gap", SUNDAY_EARLY_AMS, "2027-03-28T00:59:00Z", 2),
                row("Sun Mar 28 03:00 CEST, 02:30 happens at the gap's end", SUNDAY_EARLY_AMS, "2027-03-28T01:00:00Z", 1),
                row("Sun Mar 28 04:59 CEST", SUNDAY_EARLY_AMS, "2027-03-28T02:59:00Z", 1),
                row("Sun Mar 28 05:00 CEST, window over", SUNDAY_EARLY_AMS, "2027-03-28T03:00:00Z", 2),
                row("Sun Oct 31 02:29 CEST", SUNDAY_EARLY_AMS, "2027-10-31T00:29:00Z", 2),
                row("Sun Oct 31 02:30 CEST, first occurrence", SUNDAY_EARLY_AMS, "2027-10-31T00:30:00Z", 1),
                row("Sun Oct 31 02:30 CET, second occurrence: still inside", SUNDAY_EARLY_AMS, "2027-10-31T01:30:00Z", 1),
                row("Sun Oct 31 04:59 CET", SUNDAY_EARLY_AMS, "2027-10-31T03:59:00Z", 1),
                row("Sun Oct 31 05:00 CET, window over", SUNDAY_EARLY_AMS, "2027-10-31T04:00:00Z", 2),
                row("Sat Mar 27 22:00 CET, night starts", SATURDAY_NIGHTS_AMS, "2027-03-27T21:00:00Z", 1),
                row("Sun Mar 28 05:59 CEST, 7 real hours later", SATURDAY_NIGHTS_AMS, "2027-03-28T03:59:00Z", 1),
                row("Sun Mar 28 06:00 CEST, night over", SATURDAY_NIGHTS_AMS, "2027-03-28T04:00:00Z", 2),
                // overlapping layers: the later one wins where it has someone
                row("Tue 10:00, office layer", OFFICE_OVER_WEEKLY, "2027-01-05T09:00:00Z", 3),
                row("Tue 18:00, weekly layer", OFFICE_OVER_WEEKLY, "2027-01-05T17:00:00Z", 1),
                row("Sat 10:00, weekly layer", OFFICE_OVER_WEEKLY, "2027-01-09T09:00:00Z", 1),
                row("Mon 09:00 second week, office layer", OFFICE_OVER_WEEKLY, "2027-01-11T08:00:00Z", 3),
                row("Mon 08:59 second week, weekly layer still week 1's", OFFICE_OVER_WEEKLY, "2027-01-11T07:59:00Z", 1),
                row("Mon 17:00 second week, weekly layer's next", OFFICE_OVER_WEEKLY, "2027-01-11T16:00:00Z", 2),
                // a member removed: k=4 was user 2 of [1,2,3]; in [1,3] it is user 1
                row("week 4 with three members", THREE_WEEKLY_UTC, "2027-01-29T09:00:00Z", 2),
                row("week 4 after user 2 left: counted from the start", TWO_WEEKLY_UTC, "2027-01-29T09:00:00Z", 1),
                // a start in the future: nobody before it
                row("before the start: nobody", FUTURE, "2029-12-31T23:59:59Z"),
                row("at the start: the first member", FUTURE, "2030-01-01T00:00:00Z", 1),
                // overrides: start inclusive, end exclusive
                row("before the replace starts", OVERRIDDEN, "2027-01-15T07:59:59Z", 2),
                row("replace at its start", OVERRIDDEN, "2027-01-15T08:00:00Z", 4),
                row("replace plus add", OVERRIDDEN, "2027-01-16T10:00:00Z", 4, 5),
                row("add ended (end exclusive)", OVERRIDDEN, "2027-01-16T11:00:00Z", 4),
                row("replace a nanosecond before its end", OVERRIDDEN, "2027-01-22T07:59:59.999999999Z", 4),
                row("at the replace's end: user 2's shift, removed", OVERRIDDEN, "2027-01-22T08:00:00Z"),
                row("remove ended", OVERRIDDEN, "2027-01-22T20:00:00Z", 2),
                row("replace does nothing while its user is off", OVERRIDDEN, "2027-01-10T00:30:00Z", 2),
                row("after the overrides, the rotation", OVERRIDDEN, "2027-01-29T08:00:00Z", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void onCall(String name, ScheduleResolver schedule, String at, List<Long> expected) {
        assertThat(schedule.onCall(Instant.parse(at))).as(name).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> nextChange() {
        return Stream.of(
                Arguments.of("the next Friday 08:00 CEST", FRIDAY_AMS, "2027-03-26T07:00:00Z", "2027-04-02T06:00:00Z"),
                Arguments.of("the next Friday 08:00 CET", FRIDAY_AMS, "2027-10-29T06:00:00Z", "2027-11-05T07:00:00Z"),
                Arguments.of("the end of the gap", GAP_NYC, "2027-03-14T00:00:00Z", "2027-03-14T07:00:00Z"),
                Arguments.of("the zero-length turn is skipped", HOURLY_AMS_SPRING, "2027-03-28T00:30:00Z",
                        "2027-03-28T01:00:00Z"),
                Arguments.of("restriction end Sat 06:00", FRIDAY_NIGHTS, "2027-01-08T21:00:00Z", "2027-01-09T05:00:00Z"),
                Arguments.of("restriction start Fri 22:00", FRIDAY_NIGHTS, "2027-01-08T12:00:00Z", "2027-01-08T21:00:00Z"),
                Arguments.of("a start in the future", FUTURE, "2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z"),
                Arguments.of("an override's start", OVERRIDDEN, "2027-01-15T07:00:00Z", "2027-01-15T08:00:00Z"),
                Arguments.of("an add's end", OVERRIDDEN, "2027-01-16T10:30:00Z", "2027-01-16T11:00:00Z"),
                Arguments.of("the replace at its end and the remove at its start", OVERRIDDEN, "2027-01-22T07:00:00Z",
                        "2027-01-22T08:00:00Z"),
                Arguments.of("an override that changes nothing is no change", OVERRIDDEN, "2027-01-09T12:00:00Z",
                        "2027-01-15T08:00:00Z"),
                Arguments.of("one member forever: no change", resolver(UTC, rot(RotationType.HOURLY, 1,
                        "2027-01-01T00:00", 7)), "2027-06-01T00:00:00Z", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void nextChange(String name, ScheduleResolver schedule, String at, String expected) {
        assertThat(schedule.nextChange(Instant.parse(at))).as(name)
                .isEqualTo(expected == null ? null : Instant.parse(expected));
    }

    @Test
    void should_give_weekly_amsterdam_rotation_the_right_person_across_both_2027_dst_changes() {
        // the acceptance case: three people, Friday 08:00 Europe/Amsterdam hand-off, every week of 2027
        ScheduleResolver s = FRIDAY_AMS;
        List<Shift> shifts = s.shifts(Instant.parse("2027-03-19T12:00:00Z"), Instant.parse("2027-04-09T12:00:00Z"));
        assertThat(shifts).containsExactly(
                shift(3, "2027-03-19T07:00:00Z", "2027-03-26T07:00:00Z"),
                shift(1, "2027-03-26T07:00:00Z", "2027-04-02T06:00:00Z"),
                shift(2, "2027-04-02T06:00:00Z", "2027-04-09T06:00:00Z"),
                shift(3, "2027-04-09T06:00:00Z", "2027-04-16T06:00:00Z"));
        assertThat(s.shifts(Instant.parse("2027-10-22T12:00:00Z"), Instant.parse("2027-11-12T12:00:00Z"))).containsExactly(
                shift(1, "2027-10-22T06:00:00Z", "2027-10-29T06:00:00Z"),
                shift(2, "2027-10-29T06:00:00Z", "2027-11-05T07:00:00Z"),
                shift(3, "2027-11-05T07:00:00Z", "2027-11-12T07:00:00Z"),
                shift(1, "2027-11-12T07:00:00Z", "2027-11-19T07:00:00Z"));
        // and every Friday of the year at 08:00 local, whatever the offset
        for (int week = 0; week < 52; week++) {
            LocalDateTime friday = LocalDateTime.parse("2027-01-01T08:00").plusWeeks(week);
            Instant handoff = friday.atZone(AMS).toInstant();
            assertThat(s.onCall(handoff)).as("week %d", week).containsExactly((long) week % 3 + 1);
            assertThat(s.onCall(handoff.minusSeconds(1))).as("week %d", week)
                    .containsExactly(week == 0 ? new Long[0] : new Long[] {(long) (week + 2) % 3 + 1});
        }
    }

    @Test
    void should_list_shifts_with_their_real_edges_and_merge_one_users_continuous_time() {
        // user 1's week (to Fri Jan 8 00:00) runs on into Thursday night's restricted layer (to 04:00): one shift;
        // user 2's week is cut short by the next Thursday night
        ScheduleResolver s = resolver(UTC,
                rot(RotationType.WEEKLY, 1, "2027-01-01T00:00", 1, 2),
                rot(RotationType.DAILY, 1, "2027-01-01T00:00", 1).restricted(Set.of(DayOfWeek.THURSDAY), "20:00", "04:00"));
        List<Shift> shifts = s.shifts(Instant.parse("2027-01-07T00:00:00Z"), Instant.parse("2027-01-09T00:00:00Z"));
        assertThat(shifts).containsExactly(
                shift(1, "2027-01-01T00:00:00Z", "2027-01-08T04:00:00Z"),
                shift(2, "2027-01-08T04:00:00Z", "2027-01-14T20:00:00Z"));
    }

    @Test
    void should_list_override_shifts_and_the_gaps_they_make() {
        List<Shift> shifts = OVERRIDDEN.shifts(Instant.parse("2027-01-15T00:00:00Z"), Instant.parse("2027-01-23T00:00:00Z"));
        assertThat(shifts).containsExactly(
                shift(2, "2027-01-08T08:00:00Z", "2027-01-15T08:00:00Z"),
                shift(4, "2027-01-15T08:00:00Z", "2027-01-22T08:00:00Z"),
                shift(5, "2027-01-16T10:00:00Z", "2027-01-16T11:00:00Z"),
                shift(2, "2027-01-22T20:00:00Z", "2027-01-29T08:00:00Z"));
    }

    @Test
    void should_give_an_open_end_to_a_shift_that_never_ends() {
        ScheduleResolver s = resolver(UTC, rot(RotationType.DAILY, 1, "2027-01-01T00:00", 9));
        assertThat(s.shifts(Instant.parse("2027-02-01T00:00:00Z"), Instant.parse("2027-02-02T00:00:00Z")))
                .containsExactly(new Shift(9, Instant.parse("2027-01-01T00:00:00Z"), null));
    }

    @Test
    void should_find_no_shifts_before_the_start_and_in_an_empty_range() {
        assertThat(FUTURE.shifts(Instant.parse("2029-01-01T00:00:00Z"), Instant.parse("2029-12-31T00:00:00Z"))).isEmpty();
        assertThat(FRIDAY_AMS.shifts(Instant.parse("2027-05-01T00:00:00Z"), Instant.parse("2027-05-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void should_resolve_far_from_the_start_without_stepping() {
        // a 1-hour rotation started 10 years ago answers at once and right: the index is arithmetic
        ScheduleResolver s = resolver(AMS, rot(RotationType.HOURLY, 1, "2017-01-01T00:00", 1, 2, 3, 4, 5, 6, 7));
        Instant at = Instant.parse("2027-03-28T05:30:00Z");
        // local 07:30 CEST: the index counts local hours, the skipped 02:00s included
        long k = java.time.temporal.ChronoUnit.HOURS.between(LocalDateTime.parse("2017-01-01T00:00"),
                LocalDateTime.parse("2027-03-28T07:00"));
        assertThat(s.onCall(at)).containsExactly(k % 7 + 1);
    }

    // ---- builders

    record Rot(Rotation rotation) {
        Rot restricted(Set<DayOfWeek> days, String from, String to) {
            List<Restriction> r = new ArrayList<>(rotation.restrict());
            r.add(new Restriction(days, LocalTime.parse(from), LocalTime.parse(to)));
            return new Rot(new Rotation(rotation.name(), rotation.type(), rotation.shiftLength(), rotation.start(),
                    rotation.members(), r));
        }
    }

    static Rot rot(RotationType type, int length, String start, long... members) {
        return new Rot(new Rotation("r", type, length, LocalDateTime.parse(start),
                Arrays.stream(members).boxed().toList(), List.of()));
    }

    static ScheduleResolver resolver(ZoneId zone, Rot... rotations) {
        return new ScheduleResolver(zone, Arrays.stream(rotations).map(Rot::rotation).toList(), List.of());
    }

    static Arguments row(String name, ScheduleResolver schedule, String at, long... users) {
        return Arguments.of(name, schedule, at, Arrays.stream(users).boxed().toList());
    }

    static Shift shift(long user, String start, String end) {
        return new Shift(user, Instant.parse(start), Instant.parse(end));
    }
}
