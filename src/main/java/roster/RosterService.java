package roster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import web.ApiException;

/** Users and rosters: validation and storage. */
public final class RosterService {

    private static final Set<String> CHANNELS = Set.of("sms", "voice");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Jdbi jdbi;
    /** Whether a schedule target names a schedule that exists (escalation.OnCallLookup#exists). */
    private final java.util.function.Predicate<String> scheduleExists;
    private final db.ReadCache<Long, Optional<User>> usersById = new db.ReadCache<>();
    private final db.ReadCache<String, Optional<User>> usersByNumber = new db.ReadCache<>();
    private final db.ReadCache<String, Optional<Roster>> rostersByName = new db.ReadCache<>();

    public RosterService(Jdbi jdbi) {
        this(jdbi, schedule -> false);
    }

    public RosterService(Jdbi jdbi, java.util.function.Predicate<String> scheduleExists) {
        this.jdbi = jdbi;
        this.scheduleExists = scheduleExists;
    }

    /** Which Twilio profile names a roster may give (all until set). */
    private java.util.function.Predicate<String> knownProfile = p -> true;

    public void checkProfilesWith(java.util.function.Predicate<String> knownProfile) {
        this.knownProfile = knownProfile;
    }

    /** After any change: nothing cached may be used again. */
    private void changed() {
        usersById.clear();
        usersByNumber.clear();
        rostersByName.clear();
    }

    // ---- users

    public User createUser(UserInput in) {
        Validated v = validate(in, true);
        try {
            long id = changedAfter(() -> jdbi.withHandle(h -> h.createUpdate(
                            "INSERT INTO users (username, sms, phone, pin_hash, language, contact_rules, time_zone) "
                                    + "VALUES (:username, :sms, :phone, :pinHash, :language, :rules, :zone)")
                    .bind("username", in.username().trim())
                    .bind("sms", v.sms)
                    .bind("phone", v.phone)
                    .bind("pinHash", v.pinHash)
                    .bind("language", blankToNull(in.language()))
                    .bind("rules", v.rules)
                    .bind("zone", v.zone)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class).one()));
            return user(id).withWarnings(v.warnings);
        } catch (UnableToExecuteStatementException e) {
            throw duplicateUsername(in.username(), e);
        }
    }

    public User replaceUser(long id, UserInput in) {
        user(id);
        Validated v = validate(in, false);
        try {
            changedAfter(() -> jdbi.withHandle(h -> h.createUpdate("UPDATE users SET username = :username, "
                            + "sms = :sms, phone = :phone, pin_hash = COALESCE(:pinHash, pin_hash), language = :language, "
                            + "contact_rules = :rules, time_zone = :zone WHERE id = :id")
                    .bind("id", id)
                    .bind("username", in.username().trim())
                    .bind("sms", v.sms)
                    .bind("phone", v.phone)
                    .bind("pinHash", v.pinHash)
                    .bind("language", blankToNull(in.language()))
                    .bind("rules", v.rules)
                    .bind("zone", v.zone)
                    .execute()));
        } catch (UnableToExecuteStatementException e) {
            throw duplicateUsername(in.username(), e);
        }
        return user(id).withWarnings(v.warnings);
    }

    public User user(long id) {
        return findUser(id).orElseThrow(() -> ApiException.notFound("no user " + id));
    }

    public Optional<User> findUser(long id) {
        return usersById.get(id, () -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> mapUser(rs)).findOne()));
    }

    /** The user whose sms or phone number is {@code e164}, if any. */
    public Optional<User> userByNumber(String e164) {
        if (e164 == null) {
            return Optional.empty();
        }
        return usersByNumber.get(e164, () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM users WHERE sms = :n OR phone = :n ORDER BY id")
                .bind("n", e164).map((rs, ctx) -> mapUser(rs)).findFirst()));
    }

    public List<User> users() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users ORDER BY id")
                .map((rs, ctx) -> mapUser(rs)).list());
    }

    /** Deletes a user who is on no roster (see {@link #deleteUser(long, String)}). */
    public void deleteUser(long id) {
        deleteUser(id, null);
    }

    /**
     * Deletes a user. One who is on a roster is refused with 409 naming the rosters (taking them off silently could
     * leave a roster that pages nobody), unless {@code force} ("true"), which takes them off every roster too.
     */
    public void deleteUser(long id, String force) {
        if (force != null && !force.isBlank() && !force.equals("true") && !force.equals("false")) {
            throw ApiException.badRequest("force", "force must be true or false, got '" + force + "'");
        }
        boolean forced = "true".equals(force);
        int n = changedAfter(() -> jdbi.inTransaction(h -> {
            List<String> rosters = h.createQuery("SELECT DISTINCT roster_name FROM roster_members WHERE user_id = :id "
                    + "ORDER BY roster_name").bind("id", id).mapTo(String.class).list();
            if (!rosters.isEmpty() && !forced) {
                throw ApiException.conflict("id", "user " + id + " is on rosters " + String.join(", ", rosters)
                        + ": take them off first, or add ?force=true");
            }
            return h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute();
        }));
        if (n == 0) {
            throw ApiException.notFound("no user " + id);
        }
    }

    // ---- rosters

    public Roster createRoster(Roster in) {
        validateRoster(in, null);
        return changedAfter(() -> jdbi.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM rosters WHERE name = :n").bind("n", in.name())
                    .mapTo(Integer.class).one() > 0) {
                throw ApiException.conflict("name", "roster '" + in.name() + "' exists");
            }
            h.createUpdate("INSERT INTO rosters (name, channels, rounds) VALUES (:n, :c, :r)")
                    .bind("n", in.name()).bind("c", String.join(",", channels(in))).bind("r", in.rounds()).execute();
            writeMembersOrSteps(h, in.name(), in);
            writeProfile(h, in.name(), in.profile());
            return readRoster(h, in.name()).orElseThrow();
        }));
    }

    public Roster replaceRoster(String name, Roster in) {
        Roster r = in == null ? null : new Roster(name, in.members(), in.channels(), in.rounds(), in.steps(),
                in.profile());
        validateRoster(r, name);
        return changedAfter(() -> jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE rosters SET channels = :c, rounds = :r WHERE name = :n")
                    .bind("n", name).bind("c", String.join(",", channels(r))).bind("r", r.rounds()).execute();
            if (n == 0) {
                throw ApiException.notFound("no roster '" + name + "'");
            }
            h.createUpdate("DELETE FROM roster_members WHERE roster_name = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM roster_step_targets WHERE roster_name = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM roster_steps WHERE roster_name = :n").bind("n", name).execute();
            writeMembersOrSteps(h, name, r);
            writeProfile(h, name, r.profile());
            return readRoster(h, name).orElseThrow();
        }));
    }

    public Roster roster(String name) {
        return findRoster(name).orElseThrow(() -> ApiException.notFound("no roster '" + name + "'"));
    }

    public Optional<Roster> findRoster(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return rostersByName.get(name, () -> jdbi.withHandle(h -> readRoster(h, name)));
    }

    /** Runs a write, then (also when it failed half-way) drops everything cached. */
    private <T> T changedAfter(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } finally {
            changed();
        }
    }

    public List<Roster> rosters() {
        return jdbi.withHandle(h -> {
            List<Roster> out = new ArrayList<>();
            for (String n : h.createQuery("SELECT name FROM rosters ORDER BY name").mapTo(String.class).list()) {
                readRoster(h, n).ifPresent(out::add);
            }
            return out;
        });
    }

    /** Names of the rosters with a step targeting {@code schedule} (a schedule still in use must not be deleted). */
    public List<String> rostersTargeting(String schedule) {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT roster_name FROM roster_step_targets "
                + "WHERE schedule = :s ORDER BY roster_name").bind("s", schedule).mapTo(String.class).list());
    }

    public void deleteRoster(String name) {
        int n = changedAfter(() -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM rosters WHERE name = :n")
                .bind("n", name).execute()));
        if (n == 0) {
            throw ApiException.notFound("no roster '" + name + "'");
        }
    }

    // ---- helpers

    private record Validated(String sms, String phone, String pinHash, String rules, String zone,
                             List<String> warnings) {
    }

    private Validated validate(UserInput in, boolean create) {
        if (in == null) {
            throw ApiException.badRequest(null, "a JSON object is required");
        }
        if (in.username() == null || in.username().isBlank()) {
            throw ApiException.badRequest("username", "username is required");
        }
        if (in.username().trim().length() > 100) {
            throw ApiException.badRequest("username", "username is longer than 100 characters");
        }
        List<String> warnings = new ArrayList<>();
        String sms = checkedNumber("sms", in.sms(), warnings);
        String phone = checkedNumber("phone", in.phone(), warnings);
        if (sms == null && phone == null) {
            throw ApiException.badRequest("sms", "a user needs an sms or a phone number");
        }
        String pinHash = in.pin() == null ? null : Pins.hash(in.pin());
        if (create && pinHash == null) {
            warnings.add("pin: no PIN set; this user cannot acknowledge alarms");
        }
        if (in.language() != null && !in.language().isBlank() && !in.language().matches("[a-z]{2,3}(-[A-Za-z]{2,4})?")) {
            throw ApiException.badRequest("language", "language must be a tag like en-US");
        }
        return new Validated(sms, phone, pinHash, rules(in.rules()), zone(in.timeZone()), warnings);
    }

    /** Contact rules as stored ("sms@PT0S,voice@PT2M"), or null for none. */
    private static String rules(List<ContactRule> rules) {
        if (rules == null || rules.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ContactRule r = rules.get(i);
            String field = "rules[" + i + "]";
            if (r == null) {
                throw ApiException.badRequest(field, field + " must be {\"channel\",\"after\"}");
            }
            if (r.channel() == null || !CHANNELS.contains(r.channel())) {
                throw ApiException.badRequest(field + ".channel", field + ".channel must be sms or voice");
            }
            // one notification per user, channel and step (the notifications' unique key)
            if (!seen.add(r.channel())) {
                throw ApiException.badRequest(field + ".channel", "rules name channel '" + r.channel() + "' twice");
            }
            out.add(r.channel() + "@" + web.Durations.parse(field + ".after", r.after(), true));
        }
        return String.join(",", out);
    }

    private static List<ContactRule> parseRules(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        List<ContactRule> out = new ArrayList<>();
        for (String part : stored.split(",")) {
            int at = part.indexOf('@');
            out.add(new ContactRule(part.substring(0, at), part.substring(at + 1)));
        }
        return out;
    }

    private static String zone(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.time.ZoneId.of(raw.trim()).getId();
        } catch (java.time.DateTimeException e) {
            throw ApiException.badRequest("timeZone", "timeZone must be a zone id like Europe/Amsterdam, got '"
                    + raw + "'");
        }
    }

    private static String checkedNumber(String field, String raw, List<String> warnings) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        PhoneNumbers.Checked c = PhoneNumbers.check(field, raw);
        warnings.addAll(c.warnings());
        return c.e164();
    }

    private void validateRoster(Roster in, String pathName) {
        if (in == null) {
            throw ApiException.badRequest(null, "a JSON object is required");
        }
        if (in.name() == null || !NAME.matcher(in.name()).matches()) {
            throw ApiException.badRequest("name", "name is required: letters, digits, '.', '_' or '-', at most 100");
        }
        if (in.rounds() != null && in.rounds() < 1) {
            throw ApiException.badRequest("rounds", "rounds must be 1 or more");
        }
        if (in.members() != null && in.steps() != null) {
            throw ApiException.badRequest("steps", "give members or steps, not both");
        }
        if (in.steps() != null) {
            validateSteps(in.steps());
        } else {
            validateMembers(in.members());
        }
        List<String> channels = channels(in);
        for (int i = 0; i < channels.size(); i++) {
            String c = channels.get(i);
            if (c == null) {
                throw ApiException.badRequest("channels[" + i + "]", "a channel is sms or voice, got null");
            }
            if (!CHANNELS.contains(c)) {
                throw ApiException.badRequest("channels", "unknown channel '" + c + "' (sms, voice)");
            }
        }
        if (in.profile() != null && !in.profile().isBlank() && !knownProfile.test(in.profile().trim())) {
            throw ApiException.badRequest("profile", "no Twilio profile '" + in.profile() + "'");
        }
    }

    private static void writeProfile(Handle h, String name, String profile) {
        h.createUpdate("UPDATE rosters SET profile = :p WHERE name = :n")
                .bind("n", name).bind("p", blankToNull(profile)).execute();
    }

    private void validateMembers(List<Long> members) {
        if (members == null) {
            throw ApiException.badRequest("members", "members is required (an ordered list of user ids), or steps");
        }
        if (members.stream().distinct().count() != members.size()) {
            throw ApiException.badRequest("members", "members lists a user twice");
        }
        for (int i = 0; i < members.size(); i++) {
            Long id = members.get(i);
            if (id == null || findUser(id).isEmpty()) {
                throw ApiException.badRequest("members[" + i + "]", "no user " + id);
            }
        }
    }

    private void validateSteps(List<Roster.Step> steps) {
        if (steps.isEmpty()) {
            throw ApiException.badRequest("steps", "steps must have at least one step");
        }
        for (int i = 0; i < steps.size(); i++) {
            String field = "steps[" + i + "]";
            Roster.Step step = steps.get(i);
            if (step == null || step.targets() == null || step.targets().isEmpty()) {
                throw ApiException.badRequest(field + ".targets", field + " has no targets");
            }
            for (int j = 0; j < step.targets().size(); j++) {
                String tf = field + ".targets[" + j + "]";
                Roster.Target t = step.targets().get(j);
                if (t == null || (t.user() == null) == (t.schedule() == null)) {
                    throw ApiException.badRequest(tf, tf + " must be {\"user\": id} or {\"schedule\": name}");
                }
                if (t.user() != null && findUser(t.user()).isEmpty()) {
                    throw ApiException.badRequest(tf + ".user", "no user " + t.user());
                }
                if (t.schedule() != null && !scheduleExists.test(t.schedule())) {
                    throw ApiException.badRequest(tf + ".schedule", "no schedule '" + t.schedule() + "'");
                }
            }
            web.Durations.parse(field + ".delay", step.delay(), false);
        }
    }

    private static List<String> channels(Roster in) {
        return in.channels() == null || in.channels().isEmpty() ? List.of("sms", "voice") : in.channels();
    }

    private static void writeMembersOrSteps(Handle h, String name, Roster in) {
        if (!in.isPolicy()) {
            writeMembers(h, name, in.members());
            return;
        }
        for (int i = 0; i < in.steps().size(); i++) {
            Roster.Step step = in.steps().get(i);
            h.createUpdate("INSERT INTO roster_steps (roster_name, position, delay_ms) VALUES (:n, :p, :d)")
                    .bind("n", name).bind("p", i)
                    .bind("d", java.time.Duration.parse(step.delay().trim()).toMillis()).execute();
            for (int j = 0; j < step.targets().size(); j++) {
                Roster.Target t = step.targets().get(j);
                h.createUpdate("INSERT INTO roster_step_targets (roster_name, step, position, user_id, schedule) "
                                + "VALUES (:n, :s, :p, :u, :sch)")
                        .bind("n", name).bind("s", i).bind("p", j).bind("u", t.user()).bind("sch", t.schedule())
                        .execute();
            }
        }
    }

    private static void writeMembers(Handle h, String name, List<Long> members) {
        for (int i = 0; i < members.size(); i++) {
            h.createUpdate("INSERT INTO roster_members (roster_name, position, user_id) VALUES (:n, :p, :u)")
                    .bind("n", name).bind("p", i).bind("u", members.get(i)).execute();
        }
    }

    /** The roster in the form it was written: steps when it has any, else members. */
    private static Optional<Roster> readRoster(Handle h, String name) {
        return h.createQuery("SELECT channels, rounds, profile FROM rosters WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> {
                    int r = rs.getInt("rounds");
                    Integer rounds = rs.wasNull() ? null : r;
                    return new Object[] {rs.getString("channels"), rounds, rs.getString("profile")};
                })
                .findOne()
                .map(row -> {
                    List<String> channels = List.of(((String) row[0]).split(","));
                    Integer rounds = (Integer) row[1];
                    String profile = (String) row[2];
                    List<Roster.Step> steps = readSteps(h, name);
                    if (!steps.isEmpty()) {
                        return new Roster(name, null, channels, rounds, steps, profile);
                    }
                    return new Roster(name, h.createQuery("SELECT user_id FROM roster_members WHERE roster_name = :n "
                            + "ORDER BY position").bind("n", name).mapTo(Long.class).list(), channels, rounds, null,
                            profile);
                });
    }

    private static List<Roster.Step> readSteps(Handle h, String name) {
        List<Long> delays = h.createQuery("SELECT delay_ms FROM roster_steps WHERE roster_name = :n ORDER BY position")
                .bind("n", name).mapTo(Long.class).list();
        if (delays.isEmpty()) {
            return List.of();
        }
        List<List<Roster.Target>> targets = new ArrayList<>();
        delays.forEach(d -> targets.add(new ArrayList<>()));
        h.createQuery("SELECT step, user_id, schedule FROM roster_step_targets WHERE roster_name = :n "
                        + "ORDER BY step, position").bind("n", name)
                .map((rs, ctx) -> {
                    long u = rs.getLong("user_id");
                    Long user = rs.wasNull() ? null : u;
                    return Map.entry(rs.getInt("step"), new Roster.Target(user, rs.getString("schedule")));
                }).list()
                .forEach(e -> targets.get(e.getKey()).add(e.getValue()));
        List<Roster.Step> steps = new ArrayList<>();
        for (int i = 0; i < delays.size(); i++) {
            steps.add(new Roster.Step(List.copyOf(targets.get(i)), java.time.Duration.ofMillis(delays.get(i)).toString()));
        }
        return steps;
    }

    private static User mapUser(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("sms"), rs.getString("phone"),
                rs.getString("pin_hash"), rs.getString("language"), parseRules(rs.getString("contact_rules")),
                rs.getString("time_zone"), List.of());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static RuntimeException duplicateUsername(String username, RuntimeException e) {
        if (!db.Jdbc.isUniqueViolation(e)) {
            return e;  // not a taken name: no 409 that would hide the real failure
        }
        return ApiException.conflict("username", "username '" + username + "' is taken");
    }
}
