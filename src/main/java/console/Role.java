package console;

import java.util.Locale;
import web.ApiException;

/** What a console user may do: viewers read, responders also act on alarms and phones, admins change everything. */
public enum Role {
    VIEWER, RESPONDER, ADMIN;

    public static Role parse(String s) {
        if (s != null) {
            for (Role r : values()) {
                if (r.name().equalsIgnoreCase(s.trim())) {
                    return r;
                }
            }
        }
        throw ApiException.badRequest("role", "role must be admin, responder or viewer");
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * May this role send {@code method} to {@code path} (a console path: /console/api/..., /console/sandbox/...,
     * /console/alarms/...)? Reads are open to every role except Twilio account operations (admins only).
     */
    public boolean may(String method, String path) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.startsWith("/console/api/twilio") || path.startsWith("/console/api/messages")) {
            return this == ADMIN;
        }
        if (read) {
            return true;
        }
        return switch (this) {
            case ADMIN -> true;
            case RESPONDER -> path.startsWith("/console/alarms/") || path.startsWith("/console/sandbox/")
                    || path.matches("/console/api/schedules/[^/]+/overrides(/.*)?");
            case VIEWER -> false;
        };
    }
}
