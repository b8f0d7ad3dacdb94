package routes;

import console.ConsoleSessions;
import console.Session;
import console.SessionCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.model.RouteDefinition;

/** The console's own JSON endpoints (session cookie, not the bearer token): sign-in, the board and its actions. */
public class ConsoleRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        // sign-in: JSON only (a cross-site form cannot send it), a new session id every time
        from(platformHttp("/console/login").httpMethodRestrict("POST")).routeId("console-login")
                .routeConfigurationId("api")
                .unmarshal().json(Map.class)
                .bean("consoleSessions", "signIn(${body[username]}, ${body[password]})")
                .setProperty("session", body())
                .transform().body(Session.class, ConsoleRoute::me)
                .process(JSON_REPLY)
                .setHeader("Set-Cookie", method("consoleCookies", "of(${exchangeProperty.session})"));

        from(platformHttp("/console/logout").httpMethodRestrict("POST")).routeId("console-logout")
                .routeConfigurationId("api")
                .process("consoleSessionCheck")
                .bean("consoleSessions", "signOut(${header.CalloutSession})")
                .setBody(constant(web.Reply.noContent()))
                .process(JSON_REPLY)
                .setHeader("Set-Cookie", method("consoleCookies", "cleared"));

        console("GET", "/console/me", "console-me")
                .transform().header(SessionCheck.HEADER).transform().body(Session.class, ConsoleRoute::me)
                .process(JSON_REPLY);

        console("GET", "/console/alarms", "console-board")
                .bean("consoleAlarms", "board")
                .process(JSON_REPLY);

        console("GET", "/console/alarms/{id}", "console-timeline")
                .bean("consoleAlarms", "timeline(${header.id})")
                .process(JSON_REPLY);

        console("POST", "/console/alarms/{id}/ack", "console-ack")
                .bean("consoleAlarms", "acknowledge(${header.id}, ${header.CalloutSession})")
                .process(JSON_REPLY);

        console("POST", "/console/alarms/{id}/escalate", "console-escalate")
                .bean("consoleAlarms", "escalate(${header.id}, ${header.CalloutSession})")
                .process(JSON_REPLY);

        // clearing runs the intake's cleared event, as any input's clear would
        console("POST", "/console/alarms/{id}/clear", "console-clear")
                .setBody(method("consoleAlarms", "clearEvent(${header.id})"))
                .setHeader("CalloutInput", constant("console"))
                .to(direct("alarm-intake"))
                .bean("consoleAlarms", "cleared(${header.id}, ${header.CalloutSession})")
                .process(JSON_REPLY);

        console("GET", "/console/audit", "console-audit")
                .bean("consoleAlarms", "audit(${header.since}, ${header.alarmId}, ${header.kind}, ${header.limit})")
                .process(JSON_REPLY);

        console("GET", "/console/accounts", "console-accounts")
                .bean("consoleAccounts", "list")
                .process(JSON_REPLY);

        console("PUT", "/console/accounts/{id}", "console-accounts-update")
                .unmarshal().json(Map.class)
                .bean("consoleAccounts", "update(${header.id}, ${body})")
                .process(JSON_REPLY);
    }

    private RouteDefinition console(String method, String path, String routeId) {
        RouteDefinition route = from(platformHttp(path).httpMethodRestrict(method))
                .routeId(routeId)
                .routeConfigurationId("api")
                .process("consoleSessionCheck");
        return path.contains("{id}") ? route.process(new web.NumericId()) : route;
    }

    /** What the page needs to know about its user (the CSRF token goes in X-CSRF-Token on every change). */
    static Map<String, Object> me(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", s.userId());
        m.put("username", s.username());
        m.put("role", s.role().json());
        m.put("csrf", s.csrf());
        return m;
    }

    /** Set-Cookie values; Secure when the public URL is https. */
    public static final class Cookies {
        private final boolean secure;

        public Cookies(boolean secure) {
            this.secure = secure;
        }

        public String of(Session s) {
            return ConsoleSessions.setCookie(s, secure);
        }

        public String cleared() {
            return ConsoleSessions.setCookie(null, secure);
        }
    }
}
