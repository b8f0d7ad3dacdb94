package console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;

/** The console's sign-in, session, CSRF and role rules, over HTTP against the real app. */
class ConsoleSecurityTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.console.admin-password", "admin-secret-1"));
        long viewer = app.api("POST", "/api/users", Map.of("username", "vic", "sms", "+14155550141")).json().get("id").asLong();
        assertThat(app.send("PUT", "/console/accounts/" + viewer, Map.of("role", "viewer", "password", "viewer-pass-1"),
                admin().headers()).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    record Signed(String cookie, String csrf) {
        Map<String, String> headers() {
            return Map.of("Cookie", cookie, "X-CSRF-Token", csrf);
        }
    }

    static Signed signIn(String user, String password) {
        CalloutApp.Res r = app.send("POST", "/console/login", Map.of("username", user, "password", password), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String setCookie = r.raw().headers().firstValue("Set-Cookie").orElseThrow();
        return new Signed(setCookie.substring(0, setCookie.indexOf(';')), r.json().get("csrf").asText());
    }

    static Signed admin() {
        return signIn("admin", "admin-secret-1");
    }

    @Test
    void sign_in_sets_an_http_only_strict_cookie_and_a_new_session_id_each_time() {
        CalloutApp.Res r = app.send("POST", "/console/login", Map.of("username", "admin", "password", "admin-secret-1"),
                Map.of("Cookie", "callout_session=planted-by-attacker"));
        String cookie = r.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("callout_session=").contains("HttpOnly").contains("SameSite=Strict")
                .doesNotContain("planted-by-attacker").doesNotContain("Secure");
        assertThat(r.json().get("role").asText()).isEqualTo("admin");
        assertThat(admin().cookie()).isNotEqualTo(cookie.substring(0, cookie.indexOf(';')));
        assertThat(app.send("GET", "/console/me", null, Map.of("Cookie", "callout_session=planted-by-attacker")).status())
                .isEqualTo(401);
    }

    @Test
    void wrong_password_is_401_and_five_lock_the_user_out() {
        app.api("POST", "/api/users", Map.of("username", "locky", "sms", "+14155550142"));
        for (int i = 0; i < 5; i++) {
            CalloutApp.Res r = app.send("POST", "/console/login", Map.of("username", "locky", "password", "nope-nope"), Map.of());
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("error").asText()).isEqualTo("wrong username or password");
        }
        CalloutApp.Res locked = app.send("POST", "/console/login", Map.of("username", "locky", "password", "nope-nope"), Map.of());
        assertThat(locked.status()).isEqualTo(429);
    }

    @Test
    void a_post_without_the_csrf_token_gets_403() {
        Signed a = admin();
        CalloutApp.Res r = app.send("POST", "/console/api/users", Map.of("username", "nocsrf", "sms", "+14155550143"), Map.of("Cookie", a.cookie()));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("field").asText()).isEqualTo("X-CSRF-Token");
        CalloutApp.Res ok = app.send("POST", "/console/api/users", Map.of("username", "withcsrf", "sms", "+14155550144"), a.headers());
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("username").asText()).isEqualTo("withcsrf");
    }

    @Test
    void a_viewer_can_read_but_any_change_gets_403() {
        Signed v = signIn("vic", "viewer-pass-1");
        assertThat(app.send("GET", "/console/api/users", null, v.headers()).status()).isEqualTo(200);
        long alarm = app.api("POST", "/api/alarms", Map.of("source", "v/1", "name", "Viewer test")).json().get("alarmId").asLong();
        CalloutApp.Res ack = app.send("POST", "/console/alarms/" + alarm + "/ack", null, v.headers());
        assertThat(ack.status()).isEqualTo(403);
        assertThat(app.send("POST", "/console/api/users", Map.of("username", "x", "sms", "+14155550145"), v.headers()).status()).isEqualTo(403);
        assertThat(app.api("GET", "/api/alarms/" + alarm, null).json().get("state").asText()).isEqualTo("active");
    }

    @Test
    void the_api_keeps_its_bearer_token_and_ignores_the_session_cookie() {
        Signed a = admin();
        assertThat(app.send("GET", "/api/users", null, a.headers()).status()).isEqualTo(401);
    }

    @Test
    void validation_errors_come_back_with_their_field() {
        CalloutApp.Res r = app.send("POST", "/console/api/users", Map.of("username", "badnum", "sms", "12"), admin().headers());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("sms");
    }

    @Test
    void pages_send_a_content_security_policy_without_inline_scripts() {
        CalloutApp.Res page = app.send("GET", "/", null, Map.of());
        assertThat(page.status()).isEqualTo(200);
        String csp = page.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("onclick=");
        assertThat(app.send("GET", "/console/static/app.js", null, Map.of()).raw().headers()
                .firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
    }

    @Test
    void console_ack_acknowledges_as_the_signed_in_user_and_audits_the_name() {
        long alarm = app.api("POST", "/api/alarms", Map.of("source", "a/1", "name", "Ack test")).json().get("alarmId").asLong();
        CalloutApp.Res r = app.send("POST", "/console/alarms/" + alarm + "/ack", null, admin().headers());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("outcome").asText()).isEqualTo("acknowledged");
        long adminId = app.send("GET", "/console/me", null, admin().headers()).json().get("userId").asLong();
        assertThat(r.json().get("alarm").get("ack").get("userId").asLong()).isEqualTo(adminId);
        assertThat(app.api("GET", "/api/audit?alarmId=" + alarm, null).body()).contains("\"kind\":\"console-ack\"")
                .contains("\"detail\":\"by admin\"");
    }

    @Test
    void console_clear_clears_the_alarm() {
        long alarm = app.api("POST", "/api/alarms", Map.of("source", "c/1", "name", "Clear test")).json().get("alarmId").asLong();
        CalloutApp.Res r = app.send("POST", "/console/alarms/" + alarm + "/clear", null, admin().headers());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("alarm").get("state").asText()).isEqualTo("cleared");
    }

    @Test
    void the_gateway_passes_the_query_string_to_the_api_route() {
        CalloutApp.Res r = app.send("GET", "/console/api/alarms?state=bogus", null, admin().headers());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("state");
    }

    @Test
    void the_event_stream_pushes_a_raised_alarm_to_a_signed_in_session_and_refuses_others() throws Exception {
        assertThat(app.send("GET", "/console/events", null, Map.of()).status()).isEqualTo(401);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> stream = http.send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(app.url("/console/events"))).header("Cookie", admin().cookie()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        long id = app.api("POST", "/api/alarms", Map.of("source", "sse/1", "name", "Streamed")).json().get("alarmId").asLong();
        java.util.concurrent.CompletableFuture<String> line = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                stream.body().filter(l -> l.startsWith("data: ") && l.contains("\"id\":" + id + ",")).findFirst().orElseThrow());
        String data = line.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.substring(6)).get("name").asText())
                .isEqualTo("Streamed");
        stream.body().close();
    }

    @Test
    void console_escalate_notifies_the_next_step_now_and_audits_the_name() {
        long u = app.api("POST", "/api/users", Map.of("username", "esc", "sms", "+14155550146")).json().get("id").asLong();
        long next = app.api("POST", "/api/users", Map.of("username", "esc-next", "sms", "+14155550147")).json()
                .get("id").asLong();
        app.api("POST", "/api/rosters", Map.of("name", "esc-roster", "members", java.util.List.of(u, next),
                "channels", java.util.List.of("sms")));
        long alarm = app.api("POST", "/api/alarms", Map.of("source", "e/1", "name", "Escalate test", "roster", "esc-roster"))
                .json().get("alarmId").asLong();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                app.api("GET", "/api/alarms/" + alarm, null).json().get("notifications").size() == 1);
        CalloutApp.Res r = app.send("POST", "/console/alarms/" + alarm + "/escalate", null, admin().headers());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("outcome").asText()).isEqualTo("escalated");
        // the next member is paged now, well before the 5-minute delay (a round never restarts sooner than its
        // steps' delays, so with one member there would be no next step yet)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                app.api("GET", "/api/alarms/" + alarm, null).json().get("notifications").size() == 2);
        assertThat(app.api("GET", "/api/audit?alarmId=" + alarm, null).body()).contains("\"kind\":\"console-escalate\"")
                .contains("\"detail\":\"by admin\"");
    }

    @Test
    void sign_out_ends_the_session() {
        Signed a = admin();
        assertThat(app.send("POST", "/console/logout", null, a.headers()).status()).isEqualTo(204);
        assertThat(app.send("GET", "/console/me", null, a.headers()).status()).isEqualTo(401);
    }
}
