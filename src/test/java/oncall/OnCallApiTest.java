package oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.OnCall;
import support.Roster;

/** The on-call API's payloads: policies, contact rules, heartbeats, maintenance windows; each bad input a 4xx. */
class OnCallApiTest {

    static CalloutApp app;
    static long ann;
    static long bob;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of(), Map.of("onCallLookup", new OnCall().set("day-shift", 1L)));
        ann = Roster.user(app, "api-ann", Roster.number(), "4321");
        bob = Roster.user(app, "api-bob", Roster.number(), "4321");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Map<String, Object> step(String delay, Map<?, ?>... targets) {
        return Map.of("targets", List.of(targets), "delay", delay);
    }

    static void assertBad(Res r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).as(r.body()).isEqualTo(field);
    }

    @Test
    void should_store_and_return_the_full_policy_form() {
        Res created = app.api("POST", "/api/rosters", Map.of("name", "full", "channels", List.of("sms", "voice"),
                "rounds", 3, "steps", List.of(step("PT5M", Map.of("schedule", "day-shift")),
                        step("PT10M", Map.of("user", ann), Map.of("user", bob)))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String expected = "{\"name\":\"full\",\"channels\":[\"sms\",\"voice\"],\"rounds\":3,\"steps\":["
                + "{\"targets\":[{\"schedule\":\"day-shift\"}],\"delay\":\"PT5M\"},"
                + "{\"targets\":[{\"user\":" + ann + "},{\"user\":" + bob + "}],\"delay\":\"PT10M\"}]}";
        assertThat(created.body()).isEqualTo(expected);
        assertThat(app.api("GET", "/api/rosters/full", null).body()).isEqualTo(expected);

        Res members = app.api("PUT", "/api/rosters/full", Map.of("members", List.of(bob), "channels", List.of("sms")));
        assertThat(members.body()).isEqualTo("{\"name\":\"full\",\"members\":[" + bob + "],\"channels\":[\"sms\"]}");
    }

    @Test
    void should_reject_bad_policies_naming_the_field() {
        assertBad(app.api("POST", "/api/rosters", Map.of("name", "p1", "steps", List.of(
                step("PT5M", Map.of("user", ann)), step("PT5M", Map.of("user", 999999))))), "steps[1].targets[0].user");
        assertBad(app.api("POST", "/api/rosters", Map.of("name", "p2", "steps", List.of(
                step("5 minutes", Map.of("user", ann))))), "steps[0].delay");
        assertBad(app.api("POST", "/api/rosters", Map.of("name", "p3", "steps", List.of(
                step("PT0S", Map.of("user", ann))))), "steps[0].delay");
        assertBad(app.api("POST", "/api/rosters", Map.of("name", "p4", "rounds", 0, "steps", List.of(
                step("PT5M", Map.of("user", ann))))), "rounds");
        assertBad(app.api("POST", "/api/rosters", Map.of("name", "p5", "steps", List.of(
                Map.of("targets", List.of(), "delay", "PT5M")))), "steps[0].targets");
        assertBad(app.api("POST", "/api/rosters", Map.of("name", "p6", "steps", List.of(
                step("PT5M", Map.of("schedule", "no-such-shift"))))), "steps[0].targets[0].schedule");
        assertBad(app.api("POST", "/api/rosters", Map.of("name", "p7", "steps", List.of(
                step("PT5M", Map.of("user", ann, "schedule", "day-shift"))))), "steps[0].targets[0]");
        assertBad(app.api("POST", "/api/rosters", Map.of("name", "p8", "members", List.of(ann), "steps", List.of(
                step("PT5M", Map.of("user", ann))))), "steps");
        assertBad(app.api("POST", "/api/rosters", Map.of("name", "p9", "steps", List.of())), "steps");
        assertThat(app.api("GET", "/api/rosters/p1", null).status()).isEqualTo(404);
    }

    @Test
    void should_store_contact_rules_and_time_zone_and_reject_bad_ones() {
        Res created = app.api("POST", "/api/users", Map.of("username", "api-rules", "sms", Roster.number(),
                "timeZone", "America/New_York", "rules", List.of(Map.of("channel", "sms", "after", "PT0S"),
                        Map.of("channel", "voice", "after", "PT2M"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("rules").toString())
                .isEqualTo("[{\"channel\":\"sms\",\"after\":\"PT0S\"},{\"channel\":\"voice\",\"after\":\"PT2M\"}]");
        assertThat(created.json().get("timeZone").asText()).isEqualTo("America/New_York");

        assertBad(app.api("POST", "/api/users", Map.of("username", "tz", "sms", Roster.number(),
                "timeZone", "Mars/Olympus")), "timeZone");
        assertBad(app.api("POST", "/api/users", Map.of("username", "r1", "sms", Roster.number(),
                "rules", List.of(Map.of("channel", "fax", "after", "PT0S")))), "rules[0].channel");
        assertBad(app.api("POST", "/api/users", Map.of("username", "r2", "sms", Roster.number(),
                "rules", List.of(Map.of("channel", "sms", "after", "PT0S"), Map.of("channel", "voice", "after", "-PT1M")))),
                "rules[1].after");
        assertBad(app.api("POST", "/api/users", Map.of("username", "r3", "sms", Roster.number(),
                "rules", List.of(Map.of("channel", "sms", "after", "PT0S"), Map.of("channel", "sms", "after", "PT5M")))),
                "rules[1].channel");
    }

    @Test
    void should_reject_bad_heartbeats_naming_the_field() {
        assertBad(app.api("POST", "/api/heartbeats", Map.of("name", "hb", "interval", "1m")), "interval");
        assertBad(app.api("POST", "/api/heartbeats", Map.of("name", "hb", "interval", "PT0S")), "interval");
        assertBad(app.api("POST", "/api/heartbeats", Map.of("name", "a/b", "interval", "PT1M")), "name");
        assertBad(app.api("POST", "/api/heartbeats", Map.of("name", "hb", "interval", "PT1M", "priority", "Urgent")),
                "priority");
        assertBad(app.api("POST", "/api/heartbeats", Map.of("name", "hb", "interval", "PT1M", "roster", "nobody")),
                "roster");
        assertThat(app.api("POST", "/api/heartbeats", Map.of("name", "dup", "interval", "PT1M")).status()).isEqualTo(201);
        Res dup = app.api("POST", "/api/heartbeats", Map.of("name", "dup", "interval", "PT1M"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("field").asText()).isEqualTo("name");
        assertThat(app.api("POST", "/api/heartbeats/999999/beat", null).status()).isEqualTo(404);
    }

    @Test
    void should_reject_bad_maintenance_windows_naming_the_field() {
        assertBad(app.api("POST", "/api/maintenance", Map.of("end", "2026-12-07T10:00:00Z")), "sources");
        assertBad(app.api("POST", "/api/maintenance", Map.of("sources", "site1/**")), "end");
        assertBad(app.api("POST", "/api/maintenance", Map.of("sources", "site1/**", "start", "tomorrow",
                "end", "2026-12-07T10:00:00Z")), "start");
        assertBad(app.api("POST", "/api/maintenance", Map.of("sources", "site1/**", "start", "2026-12-07T10:00:00Z",
                "end", "2026-12-07T09:00:00Z")), "end");
        Res ok = app.api("POST", "/api/maintenance", Map.of("sources", "site9/**", "start", "2026-12-07T08:00:00Z",
                "end", "2026-12-07T10:00:00+01:00", "reason", "valve swap"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("end").asText()).isEqualTo("2026-12-07T09:00:00Z");
        assertThat(app.api("DELETE", "/api/maintenance/999999", null).status()).isEqualTo(404);
    }
}
