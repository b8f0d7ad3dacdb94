package schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is on call in a schedule, as a pure function of its rotations, its overrides and an instant (no clock, no
 * I/O). Immutable and thread-safe once built; cheap enough to resolve per alarm (O(rotations + overrides)).
 *
 * <p>The rules, each one tested in {@code ScheduleResolverTest}:
 * <ul>
 * <li>Hand-off {@code k} of a rotation is at local time {@code start + k * shiftLength} units (hours, days or
 * weeks) in the schedule's zone, so daylight-saving changes keep hand-offs at the same local time. The shift index is
 * computed from the local distance to {@code start}, not by stepping.</li>
 * <li>A local time that a spring-forward gap skips (02:30 in Amsterdam on the last Sunday of March) happens when the
 * clock jumps, at the end of the gap (03:00 CEST); a local time that a fall-back overlap repeats happens at its first
 * occurrence (the summer-time one). The same rule places restriction edges. An hourly hand-off inside a gap thus
 * coincides with the next one: that turn gets no time.</li>
 * <li>Before a rotation's first hand-off nobody is on call in it. Members take turns in list order
 * ({@code k mod members}); a changed member list applies from the rotation's start, as if it had always been that
 * list (removing someone mid-rotation moves the later turns up).</li>
 * <li>Rotations are layers: the last rotation that has someone on call at an instant (started, inside its
 * restrictions, with members) decides who is; an earlier one shows through where later ones have nobody.</li>
 * <li>Overrides then apply for {@code [start, end)} in the order they were made: add a user, remove a user, or
 * replace one (only while that user is on call; the replacement takes their place in the list).</li>
 * </ul>
 */
public final class ScheduleResolver {

    /** How many possible changes {@link #nextChange} and shift ends look through before giving up (no change). */
    static final int MAX_STEPS = 10_000;

    private final ZoneId zone;
    private final List<Layer> layers;
    private final ScheduleOverride[] overrides;

    public ScheduleResolver(ZoneId zone, List<Rotation> rotations, List<ScheduleOverride> overrides) {
        this.zone = zone;
        ZoneRules rules = zone.getRules();
        List<Layer> ls = new ArrayList<>();
        for (Rotation r : rotations) {
            ls.add(new Layer(r, rules));
        }
        this.layers = List.copyOf(ls);
        this.overrides = overrides.stream().sorted(Comparator.comparingLong(ScheduleOverride::id))
                .toArray(ScheduleOverride[]::new);
    }

    public ZoneId zone() {
        return zone;
    }

    /** The users on call at {@code at}, in order: the layer's person first, then people added by overrides. */
    public List<Long> onCall(Instant at) {
        List<Long> users = new ArrayList<>(2);
        for (int i = layers.size() - 1; i >= 0; i--) {
            long u = layers.get(i).userAt(at);
            if (u != Layer.NOBODY) {
                users.add(u);
                break;
            }
        }
        for (ScheduleOverride o : overrides) {
            if (o.covers(at)) {
                apply(o, users);
            }
        }
        // callers (escalation, the API) share this answer: it must not change under them
        return List.copyOf(users);
    }

    private static void apply(ScheduleOverride o, List<Long> users) {
        switch (o.kind()) {
            case ADD -> {
                if (!users.contains(o.user())) {
                    users.add(o.user());
                }
            }
            case REMOVE -> users.remove(o.user());
            case REPLACE -> {
                int i = users.indexOf(o.user());
                if (i >= 0) {
                    if (users.contains(o.toUser())) {
                        users.remove(i);
                    } else {
                        users.set(i, o.toUser());
                    }
                }
            }
        }
    }

    /** The first instant after {@code at} at which the people on call differ from those at {@code at}; null if none. */
    public Instant nextChange(Instant at) {
        List<Long> now = onCall(at);
        Instant c = at;
        for (int i = 0; i < MAX_STEPS; i++) {
            c = nextBoundary(c);
            if (c == null) {
                return null;
            }
            if (!onCall(c).equals(now)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The shifts that overlap {@code [from, to)}: one per user and continuous time on call (a user on call through two
     * layers or an override without a break has one shift), with their real start and end even outside the range,
     * ordered by start, then user.
     */
    public List<Shift> shifts(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        List<Shift> out = new ArrayList<>();
        Map<Long, Instant> open = new LinkedHashMap<>();
        List<Long> cur = onCall(from);
        for (long u : cur) {
            open.put(u, shiftStart(u, from));
        }
        Instant c = from;
        Instant next;
        while ((next = nextBoundary(c)) != null && next.isBefore(to)) {
            List<Long> now = onCall(next);
            for (long u : cur) {
                if (!now.contains(u)) {
                    out.add(new Shift(u, open.remove(u), next));
                }
            }
            for (long u : now) {
                if (!cur.contains(u)) {
                    open.put(u, next);
                }
            }
            cur = now;
            c = next;
        }
        for (Map.Entry<Long, Instant> e : open.entrySet()) {
            out.add(new Shift(e.getKey(), e.getValue(), shiftEnd(e.getKey(), next)));
        }
        out.sort(Comparator.comparing(Shift::start).thenComparingLong(Shift::userId));
        return out;
    }

    /** Walks back from {@code t} (user on call there) to when this time on call began. */
    private Instant shiftStart(long user, Instant t) {
        Instant c = t;
        for (int i = 0; i < MAX_STEPS; i++) {
            Instant p = previousBoundary(c);
            if (p == null || !onCall(p).contains(user)) {
                return c;
            }
            c = p;
        }
        return c;
    }

    /** Walks forward from {@code b}, a boundary at or before which the user's time on call goes on, to its end. */
    private Instant shiftEnd(long user, Instant b) {
        Instant c = b;
        for (int i = 0; i < MAX_STEPS && c != null; i++) {
            if (!onCall(c).contains(user)) {
                return c;
            }
            c = nextBoundary(c);
        }
        return null;
    }

    /** The first instant after {@code t} at which something (a hand-off, a restriction edge, an override) may change. */
    Instant nextBoundary(Instant t) {
        Instant best = null;
        for (Layer l : layers) {
            best = min(best, l.nextBoundary(t));
        }
        for (ScheduleOverride o : overrides) {
            if (o.start().isAfter(t)) {
                best = min(best, o.start());
            }
            if (o.end().isAfter(t)) {
                best = min(best, o.end());
            }
        }
        return best;
    }

    /** The last instant before {@code t} at which something may have changed. */
    Instant previousBoundary(Instant t) {
        Instant best = null;
        for (Layer l : layers) {
            best = max(best, l.previousBoundary(t));
        }
        for (ScheduleOverride o : overrides) {
            if (o.start().isBefore(t)) {
                best = max(best, o.start());
            }
            if (o.end().isBefore(t)) {
                best = max(best, o.end());
            }
        }
        return best;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** The instant a local time happens: the end of a gap it falls in, the first of two in an overlap. */
    static Instant resolve(LocalDateTime local, ZoneRules rules) {
        ZoneOffsetTransition t = rules.getTransition(local);
        if (t != null && t.isGap()) {
            return t.getInstant();
        }
        // valid, or an overlap: the earlier offset comes first in the list
        return local.toInstant(rules.getValidOffsets(local).get(0));
    }

    /** One rotation with what its arithmetic needs precomputed. */
    private static final class Layer {
        static final long NOBODY = Long.MIN_VALUE;
        /** Restriction windows are looked for on this many days around an instant (a week plus edges). */
        private static final int WINDOW_DAYS = 8;

        private final ZoneRules rules;
        private final java.time.temporal.ChronoUnit unit;
        private final long length;
        private final LocalDateTime start;
        private final long[] members;
        private final Restriction[] restrict;
        private final Instant first;

        Layer(Rotation r, ZoneRules rules) {
            this.rules = rules;
            this.unit = r.type().unit;
            this.length = r.shiftLength();
            this.start = r.start();
            this.members = r.members().stream().mapToLong(Long::longValue).toArray();
            this.restrict = r.restrict().toArray(Restriction[]::new);
            this.first = resolve(start, rules);
        }

        Instant handoff(long k) {
            return resolve(start.plus(k * length, unit), rules);
        }

        /** The index of the shift holding {@code t} (the last hand-off at or before it), -1 before the first. */
        long index(Instant t) {
            if (t.isBefore(first)) {
                return -1;
            }
            LocalDateTime local = LocalDateTime.ofInstant(t, rules.getOffset(t));
            // local distance / length is right but for the hour or so a DST change moves local time: correct by
            // at most a step or two either way
            long k = Math.max(0, unit.between(start, local) / length);
            while (!handoff(k + 1).isAfter(t)) {
                k++;
            }
            while (k > 0 && handoff(k).isAfter(t)) {
                k--;
            }
            return k;
        }

        long userAt(Instant t) {
            if (members.length == 0) {
                return NOBODY;
            }
            long k = index(t);
            if (k < 0 || !inRestriction(t)) {
                return NOBODY;
            }
            return members[(int) (k % members.length)];
        }

        private boolean inRestriction(Instant t) {
            if (restrict.length == 0) {
                return true;
            }
            LocalDate d = LocalDateTime.ofInstant(t, rules.getOffset(t)).toLocalDate();
            for (Restriction r : restrict) {
                for (int i = -1; i <= 1; i++) {
                    LocalDate day = d.plusDays(i);
                    if (r.days().contains(day.getDayOfWeek())
                            && !windowStart(r, day).isAfter(t) && windowEnd(r, day).isAfter(t)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private Instant windowStart(Restriction r, LocalDate day) {
            return resolve(day.atTime(r.from()), rules);
        }

        private Instant windowEnd(Restriction r, LocalDate day) {
            return resolve((r.crossesMidnight() ? day.plusDays(1) : day).atTime(r.to()), rules);
        }

        Instant nextBoundary(Instant t) {
            if (members.length == 0) {
                return null;
            }
            if (t.isBefore(first)) {
                return first;
            }
            // one member: hand-offs change nothing
            Instant best = members.length == 1 ? null : handoff(index(t) + 1);
            if (restrict.length > 0) {
                LocalDate d = LocalDateTime.ofInstant(t, rules.getOffset(t)).toLocalDate();
                for (Restriction r : restrict) {
                    for (int i = -1; i <= WINDOW_DAYS; i++) {
                        LocalDate day = d.plusDays(i);
                        if (!r.days().contains(day.getDayOfWeek())) {
                            continue;
                        }
                        for (Instant edge : new Instant[] {windowStart(r, day), windowEnd(r, day)}) {
                            if (edge.isAfter(t) && (best == null || edge.isBefore(best))) {
                                best = edge;
                            }
                        }
                    }
                }
            }
            return best;
        }

        Instant previousBoundary(Instant t) {
            if (members.length == 0 || !t.isAfter(first)) {
                return null;
            }
            Instant best = first;
            if (members.length > 1) {
                long k = index(t);
                while (k > 0 && !handoff(k).isBefore(t)) {
                    k--;
                }
                Instant h = handoff(k);
                if (h.isBefore(t) && h.isAfter(best)) {
                    best = h;
                }
            }
            if (restrict.length > 0) {
                LocalDate d = LocalDateTime.ofInstant(t, rules.getOffset(t)).toLocalDate();
                for (Restriction r : restrict) {
                    for (int i = -WINDOW_DAYS; i <= 1; i++) {
                        LocalDate day = d.plusDays(i);
                        if (!r.days().contains(day.getDayOfWeek())) {
                            continue;
                        }
                        for (Instant edge : new Instant[] {windowStart(r, day), windowEnd(r, day)}) {
                            if (edge.isBefore(t) && edge.isAfter(best)) {
                                best = edge;
                            }
                        }
                    }
                }
            }
            return best;
        }
    }
}
