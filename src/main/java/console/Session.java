package console;

import java.time.Instant;

/** A signed-in console user: the cookie's id, who it is, and the CSRF token every state change must carry. */
public record Session(String id, long userId, String username, Role role, String csrf, Instant expires) {

    Session touched(Instant newExpiry) {
        return new Session(id, userId, username, role, csrf, newExpiry);
    }
}
