package schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import roster.RosterService;
import roster.User;
import schedule.ScheduleJson.Body;
import schedule.ScheduleJson.Feed;
import schedule.ScheduleJson.FeedInput;
import schedule.ScheduleJson.OnCall;
import schedule.ScheduleJson.OnCallUser;
import schedule.ScheduleJson.OverrideBody;
import web.ApiException;
import web.Json;

/**
 * Schedules for the API, the calendar feeds and the escalation policies: validation, storage, and who is on call,
 * answered from parsed schedules kept in memory (cleared on every write here) so a lookup per alarm costs
 * microseconds, not queries.
 */
public final class ScheduleService {

    /** How far back and ahead a calendar feed lists shifts. */
    static final Duration FEED_PAST = Duration.ofDays(7);
    static final Duration FEED_AHEAD = Duration.ofDays(60);
    /** The longest range GET .../shifts answers (a year and a day: leap years and a DST change). */
    static final Duration MAX_SHIFTS_RANGE = Duration.ofDays(367);
    static final Duration DEFAULT_SHIFTS_RANGE = Duration.ofDays(7);
    private static final Pattern ID = Pattern.compile("\\d{1,18}");
    /** 32 random bytes, base64url: 43 characters, 256 bits. */
    private static final Pattern FEED_FILE = Pattern.compile("([A-Za-z0-9_-]{43})\\.ics");

    private final ScheduleStore store;
    private final RosterService rosters;
    private final Clock clock;
    private final String publicUrl;
    private final ScheduleInputs inputs;
    private final SecureRandom random = new SecureRandom();
    private final db.ReadCache<Long, Optional<Loaded>> byId = new db.ReadCache<>();
    private final db.ReadCache<String, Optional<Long>> idsByName = new db.ReadCache<>();
    private volatile Function<String, List<String>> referencedBy = ref -> List.of();

    /** A schedule as the resolver needs it. */
    private record Loaded(Schedule schedule, ScheduleResolver resolver) {
    }

    public ScheduleService(Jdbi jdbi, RosterService rosters, Clock clock, String publicUrl) {
        this.store = new ScheduleStore(jdbi);
        this.rosters = rosters;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.inputs = new ScheduleInputs(id -> rosters.findUser(id).isPresent());
    }

    /**
     * What still points at a schedule (e.g. the escalation policies that target it), asked with its name and with its
     * id as text before a delete or a rename: a non-empty answer (their names) refuses it with 409.
     */
    public void setReferencedBy(Function<String, List<String>> referencedBy) {
        this.referencedBy = Objects.requireNonNull(referencedBy);
    }

    // ---- for escalation policies

    /** The ids of the users on call in that schedule (by name or id) at {@code at}; empty when none or unknown. */
    public List<Long> onCallUserIds(String nameOrId, Instant at) {
        return find(nameOrId).map(l -> l.resolver().onCall(at)).orElse(List.of());
    }

    public boolean exists(String nameOrId) {
        return find(nameOrId).isPresent();
    }

    // ---- schedules

    public Body create(Body in) {
        Schedule s = inputs.schedule(0, in);
        try {
            long id = store.insert(s).orElseThrow(() -> nameTaken(s.name()));
            return ScheduleInputs.json(loaded(id).schedule());
        } finally {
            changed();
        }
    }

    public List<Body> schedules() {
        List<Body> out = new ArrayList<>();
        for (long id : store.ids()) {
            load(id).ifPresent(l -> out.add(ScheduleInputs.json(l.schedule())));
        }
        return out;
    }

    public Body schedule(String ref) {
        return ScheduleInputs.json(get(ref).schedule());
    }

    public Body replace(String ref, Body in) {
        Schedule old = get(ref).schedule();
        // a body without a name keeps the schedule's
        Body body = in != null && in.name() == null ? new Body(in.id(), old.name(), in.timeZone(), in.rotations()) : in;
        Schedule s = inputs.schedule(old.id(), body);
        if (!s.name().equals(old.name())) {
            refuseIfReferenced(old, "name", "renamed");
        }
        try {
            if (!store.update(s)) {
                throw nameTaken(s.name());
            }
        } finally {
            changed();
        }
        return ScheduleInputs.json(loaded(s.id()).schedule());
    }

    public void delete(String ref) {
        Schedule s = get(ref).schedule();
        refuseIfReferenced(s, "id", "deleted");
        try {
            if (!store.delete(s.id())) {
                throw notFound(ref);
            }
        } finally {
            changed();
        }
    }

    private void refuseIfReferenced(Schedule s, String field, String what) {
        Set<String> refs = new LinkedHashSet<>(referencedBy.apply(s.name()));
        refs.addAll(referencedBy.apply(String.valueOf(s.id())));
        if (!refs.isEmpty()) {
            throw ApiException.conflict(field, "schedule '" + s.name() + "' is a target of " + String.join(", ", refs)
                    + "; it cannot be " + what + " until they no longer name it");
        }
    }

    // ---- overrides

    public OverrideBody addOverride(String ref, OverrideBody in) {
        long id = get(ref).schedule().id();
        ScheduleOverride o = inputs.override(in);
        try {
            long oid = store.insertOverride(id, o);
            return ScheduleInputs.json(new ScheduleOverride(oid, o.start(), o.end(), o.kind(), o.user(), o.toUser()));
        } finally {
            changed();
        }
    }

    public List<OverrideBody> overrides(String ref) {
        return store.overrides(get(ref).schedule().id()).stream().map(ScheduleInputs::json).toList();
    }

    public void deleteOverride(String ref, String oid) {
        long id = get(ref).schedule().id();
        try {
            if (!store.deleteOverride(id, number("oid", oid))) {
                throw ApiException.notFound("no override " + oid + " in schedule " + ref);
            }
        } finally {
            changed();
        }
    }

    // ---- who is on call

    public OnCall onCall(String ref, String at) {
        Instant t = Optional.ofNullable(ScheduleInputs.instant("at", at, false)).orElseGet(clock::instant);
        ScheduleResolver r = get(ref).resolver();
        List<OnCallUser> users = r.onCall(t).stream().map(u -> new OnCallUser(u, username(u))).toList();
        return new OnCall(t, users, r.nextChange(t));
    }

    public List<Shift> shifts(String ref, String from, String to) {
        Instant f = Optional.ofNullable(ScheduleInputs.instant("from", from, false)).orElseGet(clock::instant);
        Instant t = Optional.ofNullable(ScheduleInputs.instant("to", to, false)).orElse(f.plus(DEFAULT_SHIFTS_RANGE));
        if (!t.isAfter(f)) {
            throw ApiException.badRequest("to", "to must be after from");
        }
        if (Duration.between(f, t).compareTo(MAX_SHIFTS_RANGE) > 0) {
            throw ApiException.badRequest("to", "the range is longer than " + MAX_SHIFTS_RANGE.toDays() + " days");
        }
        return get(ref).resolver().shifts(f, t);
    }

    // ---- calendar feeds

    /** A new feed URL (shown this once: only the secret's hash is kept). {@code body} is empty or {"userId": n}. */
    public Feed createFeed(String ref, String body) {
        long id = get(ref).schedule().id();
        Long userId = null;
        if (body != null && !body.isBlank()) {
            FeedInput in;
            try {
                in = Json.MAPPER.readValue(body, FeedInput.class);
            } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
                throw ApiException.badRequest(e.getPropertyName(), "unknown field '" + e.getPropertyName() + "'");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiException.badRequest("userId", "expected {\"userId\": <user id>} or no body");
            }
            userId = in == null ? null : in.userId();
            if (userId != null && rosters.findUser(userId).isEmpty()) {
                throw ApiException.badRequest("userId", "no user " + userId);
            }
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long fid = store.insertFeed(id, userId, sha256(secret));
        return new Feed(fid, publicUrl + "/calendar/" + secret + ".ics", userId, null);
    }

    public List<Feed> feeds(String ref) {
        return store.feeds(get(ref).schedule().id()).stream()
                .map(f -> new Feed(f.id(), null, f.userId(), f.createdAt())).toList();
    }

    public void deleteFeed(String ref, String fid) {
        long id = get(ref).schedule().id();
        if (!store.deleteFeed(id, number("fid", fid))) {
            throw ApiException.notFound("no feed " + fid + " in schedule " + ref);
        }
    }

    /** The iCalendar document behind {@code /calendar/{secret}.ics}; 404 for a secret that is unknown or revoked. */
    public String calendar(String file) {
        var m = file == null ? null : FEED_FILE.matcher(file);
        if (m == null || !m.matches()) {
            throw ApiException.notFound("no such calendar");
        }
        ScheduleStore.FeedRow feed = store.feedByHash(sha256(m.group(1)))
                .orElseThrow(() -> ApiException.notFound("no such calendar"));
        Loaded l = load(feed.scheduleId()).orElseThrow(() -> ApiException.notFound("no such calendar"));
        Instant now = clock.instant();
        Instant end = now.plus(FEED_AHEAD);
        List<Shift> shifts = l.resolver().shifts(now.minus(FEED_PAST), end).stream()
                .filter(s -> feed.userId() == null || s.userId() == feed.userId())
                .toList();
        return CalendarFeed.write(l.schedule(), shifts, this::username, now, end);
    }

    /** Hex SHA-256: the secret has 256 random bits, so a fast hash is enough to keep the stored value useless. */
    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers

    private String username(long id) {
        return rosters.findUser(id).map(User::username).orElse("user " + id);
    }

    private Loaded get(String ref) {
        return find(ref).orElseThrow(() -> notFound(ref));
    }

    private Optional<Loaded> find(String ref) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        Optional<Long> id = ID.matcher(ref).matches() ? Optional.of(Long.parseLong(ref))
                : idsByName.get(ref, () -> store.idByName(ref));
        return id.flatMap(this::load);
    }

    private Optional<Loaded> load(long id) {
        return byId.get(id, () -> store.find(id).map(s -> new Loaded(s,
                new ScheduleResolver(s.zone(), s.rotations(), store.overrides(id)))));
    }

    private Loaded loaded(long id) {
        return load(id).orElseThrow(() -> notFound(String.valueOf(id)));
    }

    private void changed() {
        byId.clear();
        idsByName.clear();
    }

    private static long number(String field, String s) {
        if (s == null || !ID.matcher(s).matches()) {
            throw ApiException.badRequest(field, field + " must be a number, got '" + s + "'");
        }
        return Long.parseLong(s);
    }

    private static ApiException notFound(String ref) {
        return ApiException.notFound("no schedule '" + ref + "'");
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("name", "schedule '" + name + "' exists");
    }
}
