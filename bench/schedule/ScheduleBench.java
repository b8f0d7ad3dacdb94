import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import schedule.Restriction;
import schedule.Rotation;
import schedule.RotationType;
import schedule.ScheduleOverride;
import schedule.ScheduleResolver;

/**
 * Who is on call for 1,000 schedules of 3 layers and 100 overrides each (issue #16's target: under 1 ms a schedule),
 * on the pure resolver the service caches per schedule. Prints figures; not a test. Run: bash bench/schedules.sh
 */
public class ScheduleBench {

    static final String[] ZONES = {"Europe/Amsterdam", "America/New_York", "UTC", "Asia/Kolkata", "Australia/Sydney"};

    public static void main(String[] args) {
        int schedules = Integer.getInteger("bench.schedules", 1000);
        int overridesEach = Integer.getInteger("bench.overrides", 100);
        int rounds = Integer.getInteger("bench.rounds", 200);
        Random rnd = new Random(16);
        Instant yearStart = Instant.parse("2027-01-01T00:00:00Z");
        long yearSeconds = Duration.ofDays(365).toSeconds();

        long t0 = System.nanoTime();
        List<ScheduleResolver> all = new ArrayList<>();
        for (int i = 0; i < schedules; i++) {
            all.add(schedule(rnd, ZoneId.of(ZONES[i % ZONES.length]), overridesEach, yearStart, yearSeconds));
        }
        long buildNanos = System.nanoTime() - t0;

        // instants all over 2027, both DST changes of every zone included
        Instant[] ats = new Instant[rounds];
        for (int r = 0; r < rounds; r++) {
            ats[r] = yearStart.plusSeconds((long) (rnd.nextDouble() * yearSeconds));
        }

        long sink = 0;
        // warm-up: let the JIT compile the resolver before anything is timed
        for (int w = 0; w < 5; w++) {
            for (Instant at : ats) {
                for (ScheduleResolver s : all) {
                    sink += s.onCall(at).size();
                }
            }
        }

        long[] each = new long[schedules * rounds];
        int n = 0;
        long start = System.nanoTime();
        for (Instant at : ats) {
            for (ScheduleResolver s : all) {
                long a = System.nanoTime();
                sink += s.onCall(at).size();
                each[n++] = System.nanoTime() - a;
            }
        }
        long total = System.nanoTime() - start;
        Arrays.sort(each);

        long nextStart = System.nanoTime();
        int nextCalls = 0;
        for (int r = 0; r < Math.min(rounds, 20); r++) {
            for (ScheduleResolver s : all) {
                Instant c = s.nextChange(ats[r]);
                sink += c == null ? 0 : 1;
                nextCalls++;
            }
        }
        long nextTotal = System.nanoTime() - nextStart;

        System.out.printf("schedules: %d (3 layers: weekly, daily office hours, 8-hour nights across midnight; %d overrides "
                + "each; zones %s)%n", schedules, overridesEach, String.join(", ", ZONES));
        System.out.printf("build (parse) all: %.1f ms (%.1f µs a schedule)%n", buildNanos / 1e6, buildNanos / 1e3 / schedules);
        System.out.printf("who is on call: %d calls in %.1f ms: %.2f µs a schedule on average; p50 %.2f µs, p99 %.2f µs, "
                        + "max %.2f µs (target < 1000 µs)%n",
                each.length, total / 1e6, total / 1e3 / each.length, each[each.length / 2] / 1e3,
                each[(int) (each.length * 0.99)] / 1e3, each[each.length - 1] / 1e3);
        System.out.printf("next change: %d calls, %.2f µs a schedule on average%n", nextCalls, nextTotal / 1e3 / nextCalls);
        System.out.println("(checksum " + sink + ")");
    }

    static ScheduleResolver schedule(Random rnd, ZoneId zone, int overridesEach, Instant yearStart, long yearSeconds) {
        List<Rotation> layers = List.of(
                new Rotation("weekly", RotationType.WEEKLY, 1, LocalDateTime.parse("2026-01-02T08:00"), members(rnd, 4),
                        List.of()),
                new Rotation("office", RotationType.DAILY, 1, LocalDateTime.parse("2026-01-05T08:00"), members(rnd, 5),
                        List.of(new Restriction(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                                LocalTime.of(8, 0), LocalTime.of(18, 0)))),
                new Rotation("nights", RotationType.HOURLY, 8, LocalDateTime.parse("2026-01-01T06:00"), members(rnd, 3),
                        List.of(new Restriction(Set.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY), LocalTime.of(22, 0),
                                LocalTime.of(6, 0)))));
        List<ScheduleOverride> overrides = new ArrayList<>();
        for (int o = 1; o <= overridesEach; o++) {
            Instant s = yearStart.plusSeconds((long) (rnd.nextDouble() * yearSeconds));
            Instant e = s.plus(Duration.ofHours(1 + rnd.nextInt(72)));
            long user = 1 + rnd.nextInt(12);
            overrides.add(switch (o % 3) {
                case 0 -> new ScheduleOverride(o, s, e, ScheduleOverride.Kind.ADD, user, null);
                case 1 -> new ScheduleOverride(o, s, e, ScheduleOverride.Kind.REMOVE, user, null);
                default -> new ScheduleOverride(o, s, e, ScheduleOverride.Kind.REPLACE, user, 13L + rnd.nextInt(5));
            });
        }
        return new ScheduleResolver(zone, layers, overrides);
    }

    static List<Long> members(Random rnd, int n) {
        List<Long> m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            m.add(1L + rnd.nextInt(12));
        }
        return m;
    }
}
