package oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Phone;
import support.Roster;
import support.TestClock;

/**
 * Schedules in the real pipeline: a weekly rotation of three with a Friday 08:00 Amsterdam hand-off pages whoever is
 * on call when the alarm comes, across the March daylight-saving change, and an override of one shift pages the
 * override, not the regular person. The clock is moved, never waited for.
 */
class SchedulePagingTest {

    static final TestClock clock = new TestClock(Instant.parse("2027-03-29T10:00:00Z"));
    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.poll", "200"), Map.of("clock", clock));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_page_whoever_the_schedule_has_on_call_and_an_override_instead_of_the_regular_person() {
        String[] names = {"sch-ann", "sch-bob", "sch-cy"};
        long[] ids = new long[3];
        Phone[] phones = new Phone[3];
        for (int i = 0; i < 3; i++) {
            String n = Roster.number();
            ids[i] = Roster.user(app, names[i], n, "4321");
            phones[i] = new Phone(app, n);
        }
        CalloutApp.Res s = app.api("POST", "/api/schedules", Map.of("name", "plant-weekly",
                "timeZone", "Europe/Amsterdam", "rotations", List.of(Map.of("name", "primary", "type", "weekly",
                        "shiftLength", 1, "start", "2027-03-05T08:00", "members", List.of(ids[0], ids[1], ids[2])))));
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        long scheduleId = s.json().get("id").asLong();
        CalloutApp.Res p = app.api("POST", "/api/rosters", Map.of("name", "plant-oncall", "channels", List.of("sms"),
                "rounds", 1, "steps", List.of(Map.of("targets", List.of(Map.of("schedule", "plant-weekly")),
                        "delay", "PT5M"))));
        assertThat(p.status()).as(p.body()).isEqualTo(201);

        // Monday after the March change: ann's week (Fri 26 Mar 08:00 CET to Fri 2 Apr 08:00 CEST)
        raise("site1/a");
        phones[0].expectSms("Pump trip");
        // one minute before Friday 08:00 in Amsterdam (06:00 UTC in summer time): still ann
        clock.set(Instant.parse("2027-04-02T05:59:00Z"));
        raise("site1/b");
        phones[0].expectSms("Pump trip");
        // at the hand-off: bob
        clock.set(Instant.parse("2027-04-02T06:00:00Z"));
        raise("site1/c");
        phones[1].expectSms("Pump trip");

        // cy takes bob's Saturday
        CalloutApp.Res o = app.api("POST", "/api/schedules/" + scheduleId + "/overrides", Map.of(
                "start", "2027-04-03T06:00:00Z", "end", "2027-04-04T06:00:00Z",
                "replace", Map.of("from", ids[1], "to", ids[2])));
        assertThat(o.status()).as(o.body()).isEqualTo(201);
        clock.set(Instant.parse("2027-04-03T12:00:00Z"));
        raise("site1/d");
        phones[2].expectSms("Pump trip");
        phones[1].expectNothing();
        // the override ends: bob again
        clock.set(Instant.parse("2027-04-04T06:00:00Z"));
        raise("site1/e");
        phones[1].expectSms("Pump trip");
        phones[0].expectNothing();
        phones[2].expectNothing();
    }

    private static void raise(String source) {
        CalloutApp.Res r = app.api("POST", "/api/alarms", Map.of("source", source, "name", "Pump trip",
                "priority", "High", "roster", "plant-oncall"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }
}
