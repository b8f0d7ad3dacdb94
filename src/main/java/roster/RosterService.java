package roster;

import java.util.ArrayList;
import java.util.List;
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

    /**
     * How long a user or roster read from the database is reused. Every change made through this service clears
     * the cache at once; the time limit only bounds how stale another instance's change (shared PostgreSQL) can be.
     */
    static final long CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    private final Jdbi jdbi;
    private final Cache<Long, Optional<User>> usersById = new Cache<>();
    private final Cache<String, Optional<User>> usersByNumber = new Cache<>();
    private final Cache<String, Optional<Roster>> rostersByName = new Cache<>();

    public RosterService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Which Twilio profile names a roster may give (all until set). */
    private java.util.function.Predicate<String> knownProfile = p -> true;

    public void checkProfilesWith(java.util.function.Predicate<String> knownProfile) {
        this.knownProfile = knownProfile;
    }

    /** Users and rosters are read on every notification and webhook, and change rarely. */
    private static final class Cache<K, V> {
        private record Entry<V>(V value, long loadedAt) {
        }

        private final java.util.concurrent.ConcurrentHashMap<K, Entry<V>> map =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

        V get(K key, java.util.function.Supplier<V> load) {
            long now = System.nanoTime();
            Entry<V> e = map.get(key);
            if (e != null && now - e.loadedAt() < CACHE_NANOS) {
                return e.value();
            }
            long gen = generation.get();
            V value = load.get();
            if (map.size() > 10_000) {
                map.clear();
            }
            if (generation.get() == gen) {
                map.put(key, new Entry<>(value, now));
            }
            return value;
        }

        void clear() {
            generation.incrementAndGet();
            map.clear();
        }
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
                            "INSERT INTO users (username, sms, phone, pin_hash, language) "
                                    + "VALUES (:username, :sms, :phone, :pinHash, :language)")
                    .bind("username", in.username().trim())
                    .bind("sms", v.sms)
                    .bind("phone", v.phone)
                    .bind("pinHash", v.pinHash)
                    .bind("language", blankToNull(in.language()))
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
                            + "sms = :sms, phone = :phone, pin_hash = COALESCE(:pinHash, pin_hash), language = :language "
                            + "WHERE id = :id")
                    .bind("id", id)
                    .bind("username", in.username().trim())
                    .bind("sms", v.sms)
                    .bind("phone", v.phone)
                    .bind("pinHash", v.pinHash)
                    .bind("language", blankToNull(in.language()))
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

    public void deleteUser(long id) {
        int n = changedAfter(() -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM users WHERE id = :id")
                .bind("id", id).execute()));
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
            h.createUpdate("INSERT INTO rosters (name, channels) VALUES (:n, :c)")
                    .bind("n", in.name()).bind("c", String.join(",", channels(in))).execute();
            writeMembers(h, in.name(), in.members());
            writeProfile(h, in.name(), in.profile());
            return readRoster(h, in.name()).orElseThrow();
        }));
    }

    public Roster replaceRoster(String name, Roster in) {
        Roster r = new Roster(name, in.members(), in.channels(), in.profile());
        validateRoster(r, name);
        return changedAfter(() -> jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE rosters SET channels = :c WHERE name = :n")
                    .bind("n", name).bind("c", String.join(",", channels(r))).execute();
            if (n == 0) {
                throw ApiException.notFound("no roster '" + name + "'");
            }
            h.createUpdate("DELETE FROM roster_members WHERE roster_name = :n").bind("n", name).execute();
            writeMembers(h, name, r.members());
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

    public void deleteRoster(String name) {
        int n = changedAfter(() -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM rosters WHERE name = :n")
                .bind("n", name).execute()));
        if (n == 0) {
            throw ApiException.notFound("no roster '" + name + "'");
        }
    }

    // ---- helpers

    private record Validated(String sms, String phone, String pinHash, List<String> warnings) {
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
        return new Validated(sms, phone, pinHash, warnings);
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
        if (in.members() == null) {
            throw ApiException.badRequest("members", "members is required (an ordered list of user ids)");
        }
        if (in.members().stream().distinct().count() != in.members().size()) {
            throw ApiException.badRequest("members", "members lists a user twice");
        }
        for (int i = 0; i < in.members().size(); i++) {
            Long id = in.members().get(i);
            if (id == null || findUser(id).isEmpty()) {
                throw ApiException.badRequest("members[" + i + "]", "no user " + id);
            }
        }
        for (String c : channels(in)) {
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

    private static List<String> channels(Roster in) {
        return in.channels() == null || in.channels().isEmpty() ? List.of("sms", "voice") : in.channels();
    }

    private static void writeMembers(Handle h, String name, List<Long> members) {
        for (int i = 0; i < members.size(); i++) {
            h.createUpdate("INSERT INTO roster_members (roster_name, position, user_id) VALUES (:n, :p, :u)")
                    .bind("n", name).bind("p", i).bind("u", members.get(i)).execute();
        }
    }

    private static Optional<Roster> readRoster(Handle h, String name) {
        return h.createQuery("SELECT channels FROM rosters WHERE name = :n").bind("n", name)
                .mapTo(String.class).findOne()
                .map(ch -> new Roster(name,
                        h.createQuery("SELECT user_id FROM roster_members WHERE roster_name = :n ORDER BY position")
                                .bind("n", name).mapTo(Long.class).list(),
                        List.of(ch.split(",")),
                        h.createQuery("SELECT profile FROM rosters WHERE name = :n").bind("n", name)
                                .mapTo(String.class).findOne().orElse(null)));
    }

    private static User mapUser(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("sms"), rs.getString("phone"),
                rs.getString("pin_hash"), rs.getString("language"), List.of());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static ApiException duplicateUsername(String username, RuntimeException e) {
        return ApiException.conflict("username", "username '" + username + "' is taken");
    }
}
