package console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import web.ApiException;

/**
 * Sign-in, sessions and the wrong-password lockout. Sessions live in memory (a restart signs everyone out); each
 * sign-in makes a new random session id, so an id planted before sign-in is never promoted (no fixation).
 */
public final class ConsoleSessions {

    public static final String COOKIE = "callout_session";
    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

    private final Accounts accounts;
    private final Clock clock;
    private final Duration idle;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public ConsoleSessions(Accounts accounts, Clock clock, Duration idle) {
        this.accounts = accounts;
        this.clock = clock;
        this.idle = idle;
    }

    /** Checks the password; 5 wrong ones in 15 minutes lock that username for 15 minutes (429), right or wrong. */
    public Session signIn(String username, String password) {
        if (username == null || username.isBlank()) {
            throw ApiException.badRequest("username", "username is required");
        }
        Instant now = clock.instant();
        Deque<Instant> recent = failures.computeIfAbsent(username, k -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(FAILURE_WINDOW))) {
                recent.removeFirst();
            }
            if (recent.size() >= MAX_FAILURES) {
                throw new ApiException(429, "too many wrong passwords: try again in 15 minutes", "password");
            }
        }
        Optional<Accounts.Account> account = accounts.byUsername(username);
        if (account.isEmpty() || !Passwords.matches(password, account.get().passwordHash())) {
            synchronized (recent) {
                recent.addLast(now);
            }
            throw new ApiException(401, "wrong username or password", "password");
        }
        failures.remove(username);
        Accounts.Account a = account.get();
        Session s = new Session(Passwords.token(32), a.id(), a.username(), a.role(), Passwords.token(32), now.plus(idle));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session of a Cookie header, its idle expiry moved on; empty when absent or expired. */
    public Optional<Session> find(String cookieHeader) {
        String id = cookie(cookieHeader);
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.computeIfPresent(id, (k, v) -> v.expires().isBefore(now) ? null : v.touched(now.plus(idle)));
        return Optional.ofNullable(s);
    }

    public void signOut(Session s) {
        sessions.remove(s.id());
    }

    /**
     * The session allowed to send {@code method} to {@code path}: 401 without one, 403 when a state change lacks
     * the session's CSRF token or the role may not do it.
     */
    public Session authorize(String method, String path, String cookieHeader, String csrfHeader) {
        Session s = find(cookieHeader).orElseThrow(() -> new ApiException(401, "sign in first", null));
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (!read && (csrfHeader == null || !java.security.MessageDigest.isEqual(
                csrfHeader.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                s.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            throw new ApiException(403, "missing or wrong CSRF token", "X-CSRF-Token");
        }
        if (!s.role().may(method, path)) {
            throw new ApiException(403, "a " + s.role().json() + " may not do this", null);
        }
        return s;
    }

    static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                String v = p.substring(COOKIE.length() + 1);
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /** The Set-Cookie value for a session ({@code null}: clear it). */
    public static String setCookie(Session s, boolean secure) {
        return COOKIE + "=" + (s == null ? "" : s.id()) + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "") + (s == null ? "; Max-Age=0" : "");
    }
}
