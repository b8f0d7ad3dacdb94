package oncall;

import static java.time.Duration.ofMinutes;
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
import support.Phone;
import support.Roster;
import support.TestClock;

/** Maintenance windows: matching alarms are stored suppressed and page nobody until the window is over. */
class MaintenanceFlowTest {

    static final TestClock clock = new TestClock();
    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.poll", "200", "callout.maintenance.poll", "200"),
                Map.of("clock", clock));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static long raise(String roster, String source, String name) {
        CalloutApp.Res r = app.api("POST", "/api/alarms", Map.of("source", source, "name", name, "roster", roster));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("alarmId").asLong();
    }

    static long window(String sources, Duration length) {
        CalloutApp.Res r = app.api("POST", "/api/maintenance", Map.of("sources", sources,
                "end", clock.instant().plus(length).toString(), "reason", "pump overhaul"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("active").asBoolean()).isTrue();
        return r.json().get("id").asLong();
    }

    static JsonNode alarm(long id) {
        return app.api("GET", "/api/alarms/" + id, null).json();
    }

    @Test
    void should_store_site1_alarm_suppressed_page_site2_and_page_site1_when_window_ends() {
        String number = Roster.number();
        Phone ann = new Phone(app, number);
        long annId = Roster.user(app, "mw-ann", number, "4321");
        Roster.roster(app, "mw-team", List.of(annId), List.of("sms"));
        window("site1/**", ofMinutes(30));

        long site1 = raise("mw-team", "site1/pump1/trip", "Pump Trip");
        long site2 = raise("mw-team", "site2/pump1/trip", "Site Two Trip");

        ann.expectSms("Site Two Trip");
        ann.expectNothing();
        assertThat(alarm(site1).get("suppressed").asBoolean()).isTrue();
        assertThat(alarm(site1).get("notifications")).isEmpty();
        assertThat(alarm(site2).get("suppressed").asBoolean()).isFalse();
        assertThat(app.api("GET", "/api/alarms?state=active", null).json().findValuesAsText("suppressed"))
                .isNotEmpty();
        app.api("POST", "/api/alarms/" + site2 + "/ack", Map.of("userId", annId));

        clock.advance(ofMinutes(29));
        ann.expectNothing();
        clock.advance(ofMinutes(1));
        ann.expectSms("Pump Trip");
        assertThat(alarm(site1).get("suppressed").asBoolean()).isFalse();
        assertThat(app.api("GET", "/api/audit?alarmId=" + site1, null).json().findValuesAsText("kind"))
                .contains("alarm-suppressed", "alarm-released");
        app.api("POST", "/api/alarms/" + site1 + "/ack", Map.of("userId", annId));
    }

    @Test
    void should_page_held_alarm_when_its_window_is_deleted_and_not_page_one_acknowledged_meanwhile() {
        String number = Roster.number();
        Phone bob = new Phone(app, number);
        long bobId = Roster.user(app, "mw-bob", number, "4321");
        Roster.roster(app, "mw-site3", List.of(bobId), List.of("sms"));
        long id = window("site3/*/trip", ofMinutes(60));

        long held = raise("mw-site3", "site3/pump1/trip", "Held Trip");
        long acked = raise("mw-site3", "site3/pump2/trip", "Acked Trip");
        long deeper = raise("mw-site3", "site3/area/pump3/trip", "Deeper Trip");
        bob.expectSms("Deeper Trip");  // '*' is one segment only
        app.api("POST", "/api/alarms/" + deeper + "/ack", Map.of("userId", bobId));
        app.api("POST", "/api/alarms/" + acked + "/ack", Map.of("userId", bobId));
        bob.expectNothing();

        assertThat(app.api("DELETE", "/api/maintenance/" + id, null).status()).isEqualTo(204);

        bob.expectSms("Held Trip");
        bob.expectNothing();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(alarm(held).get("notifications")).hasSize(1));
        app.api("POST", "/api/alarms/" + held + "/ack", Map.of("userId", bobId));
    }
}
