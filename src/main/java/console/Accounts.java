package console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import web.ApiException;

/** Console sign-in data on users: the password hash and the role (V13). */
public final class Accounts {

    /** A user as sign-in sees it. */
    public record Account(long id, String username, String passwordHash, Role role) {
    }

    private final Jdbi jdbi;

    public Accounts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<Account> byUsername(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, username, password_hash, role FROM users WHERE username = :u")
                .bind("u", username)
                .map((rs, ctx) -> new Account(rs.getLong("id"), rs.getString("username"),
                        rs.getString("password_hash"), Role.parse(rs.getString("role"))))
                .findOne());
    }

    /** Every user's id, username, role and whether a password is set (never the hash). */
    public List<Map<String, Object>> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, username, password_hash, role FROM users ORDER BY id")
                .map((rs, ctx) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("username", rs.getString("username"));
                    m.put("role", rs.getString("role"));
                    m.put("hasPassword", rs.getString("password_hash") != null);
                    return m;
                }).list());
    }

    /** PUT /console/accounts/{id} {"password"?, "role"?}: sets what is given. */
    public Map<String, Object> update(long id, Map<String, Object> body) {
        if (body == null) {
            throw ApiException.badRequest(null, "a JSON body is required");
        }
        String hash = body.get("password") == null || String.valueOf(body.get("password")).isEmpty()
                ? null : Passwords.hash(String.valueOf(body.get("password")));
        Role role = body.get("role") == null ? null : Role.parse(String.valueOf(body.get("role")));
        int n = jdbi.withHandle(h -> h.createUpdate("UPDATE users SET password_hash = COALESCE(:p, password_hash), "
                        + "role = COALESCE(:r, role) WHERE id = :id")
                .bind("p", hash).bind("r", role == null ? null : role.json()).bind("id", id).execute());
        if (n == 0) {
            throw ApiException.notFound("no user " + id);
        }
        return list().stream().filter(m -> m.get("id").equals(id)).findFirst().orElseThrow();
    }

    /**
     * The first admin: with {@code configured} set, user {@code admin} gets that password (created if missing);
     * else, when no admin can sign in yet, user {@code admin} is created or given a new password, returned to be
     * printed once. Returns null when nothing was generated.
     */
    public String ensureAdmin(String configured) {
        boolean hasAdmin = jdbi.withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND password_hash IS NOT NULL").mapTo(Integer.class).one()) > 0;
        if (configured.isBlank() && hasAdmin) {
            return null;
        }
        String password = configured.isBlank() ? Passwords.token(12) : configured;
        String hash = Passwords.hash(password);
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE users SET password_hash = :p, role = 'admin' WHERE username = 'admin'")
                    .bind("p", hash).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO users (username, password_hash, role) VALUES ('admin', :p, 'admin')")
                        .bind("p", hash).execute();
            }
        });
        return configured.isBlank() ? password : null;
    }
}
