package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.Roster;

/** POST /api/alarms: validation, dedup, clearing, listing. */
class AlarmIntakeTest {

    static CalloutApp app;
    static String phone;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.routing.default-roster", "intake-team"));
        phone = Roster.number();
        long u = Roster.user(app, "intake-ann", phone, "9999");
        Roster.roster(app, "intake-team", List.of(u), List.of("sms"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_treat_same_event_id_as_duplicate_and_notify_once() {
        Map<String, Object> alarm = Map.of("source", "dup/a", "name", "Dup", "eventId", "ev-dup-1");
        Res first = app.api("POST", "/api/alarms", alarm);
        Res second = app.api("POST", "/api/alarms", alarm);
        assertThat(first.json().get("duplicate").asBoolean()).isFalse();
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("duplicate").asBoolean()).isTrue();
        assertThat(second.json().get("alarmId").asLong()).isEqualTo(first.json().get("alarmId").asLong());
        long id = first.json().get("alarmId").asLong();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(app.api("GET", "/api/alarms/" + id, null).json().get("notifications")).hasSize(1));
        // a new event for the same source while it is active and unacknowledged is a duplicate too
        Res again = app.api("POST", "/api/alarms", Map.of("source", "dup/a", "name", "Dup", "eventId", "ev-dup-2"));
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(again.json().get("alarmId").asLong()).isEqualTo(id);
    }

    @Test
    void should_clear_active_alarm_and_list_by_state() {
        long id = app.api("POST", "/api/alarms", Map.of("source", "clr/a", "name", "Clear me")).json()
                .get("alarmId").asLong();
        Res cleared = app.api("POST", "/api/alarms", Map.of("source", "clr/a", "name", "Clear me", "state", "cleared"));
        assertThat(cleared.status()).isEqualTo(202);
        assertThat(cleared.json().get("alarmId").asLong()).isEqualTo(id);
        assertThat(cleared.json().get("state").asText()).isEqualTo("cleared");
        JsonNode alarm = app.api("GET", "/api/alarms/" + id, null).json();
        assertThat(alarm.get("state").asText()).isEqualTo("cleared");
        assertThat(app.api("GET", "/api/alarms?state=cleared", null).body()).contains("\"id\":" + id + ",");
        assertThat(app.api("GET", "/api/alarms?state=active", null).body()).doesNotContain("\"id\":" + id + ",");
        assertThat(app.api("GET", "/api/alarms?state=bogus", null).json().get("field").asText()).isEqualTo("state");
    }

    @Test
    void should_accept_array_and_ndjson_payloads() {
        Res array = app.api("POST", "/api/alarms", "[{\"source\":\"arr/1\",\"name\":\"A\"},{\"source\":\"arr/2\",\"name\":\"B\"}]");
        assertThat(array.status()).isEqualTo(202);
        assertThat(array.json().get("accepted").asInt()).isEqualTo(2);
        Res lines = app.api("POST", "/api/alarms", "{\"source\":\"nd/1\",\"name\":\"A\"}\n{\"source\":\"nd/2\",\"name\":\"B\"}\n");
        assertThat(lines.json().get("alarms")).hasSize(2);
    }

    @Test
    void should_reject_bad_inputs_with_field_and_stay_healthy() {
        Res malformed = app.api("POST", "/api/alarms", "{\"source\": \"x\", ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).startsWith("malformed JSON");

        Res noName = app.api("POST", "/api/alarms", Map.of("source", "bad/1"));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("field").asText()).isEqualTo("name");
        assertThat(noName.json().get("error").asText()).isEqualTo("name is required");

        Res priority = app.api("POST", "/api/alarms", Map.of("source", "bad/2", "name", "x", "priority", "Urgent"));
        assertThat(priority.status()).isEqualTo(400);
        assertThat(priority.json().get("field").asText()).isEqualTo("priority");

        Res inArray = app.api("POST", "/api/alarms", "[{\"source\":\"ok\",\"name\":\"ok\"},{\"source\":\"bad\"}]");
        assertThat(inArray.status()).isEqualTo(400);
        assertThat(inArray.json().get("field").asText()).isEqualTo("[1].name");
        assertThat(app.api("GET", "/api/alarms?state=active", null).body()).doesNotContain("\"source\":\"ok\"");

        String big = "{\"source\":\"big\",\"name\":\"big\",\"message\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertThat(app.api("POST", "/api/alarms", big).status()).isEqualTo(413);

        Res garbage = app.api("POST", "/api/alarms", "\u0000\u0001garbage");
        assertThat(garbage.status()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Res health = app.send("GET", "/observe/health", null, Map.of());
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("UP");
        });
        assertThat(app.api("POST", "/api/alarms", Map.of("source", "after/bad", "name", "still works")).status())
                .isEqualTo(202);
    }

    @Test
    void should_warn_about_unknown_fields_and_unknown_roster_but_accept() {
        Res r = app.api("POST", "/api/alarms", Map.of("source", "warn/1", "name", "W", "mesage", "typo",
                "roster", "nope"));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("warnings").toString()).contains("mesage: unknown field ignored")
                .contains("roster: 'nope' does not exist; using 'intake-team'");
    }
}
