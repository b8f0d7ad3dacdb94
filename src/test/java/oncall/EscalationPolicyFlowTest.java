package oncall;

import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.OnCall;
import support.Phone;
import support.Roster;
import support.TestClock;

/** Escalation policies through the real pipeline, the sandbox phones and a clock the test moves. */
class EscalationPolicyFlowTest {

    static final TestClock clock = new TestClock();
    static final OnCall onCall = new OnCall();
    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.poll", "200"), Map.of("clock", clock, "onCallLookup", onCall));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    record Person(long id, Phone phone) {
    }

    static Person person(String name) {
        String number = Roster.number();
        return new Person(Roster.user(app, name, number, "4321"), new Phone(app, number));
    }

    static void policy(String name, int rounds, List<Map<String, Object>> steps) {
        CalloutApp.Res r = app.api("POST", "/api/rosters", Map.of("name", name, "channels", List.of("sms"),
                "rounds", rounds, "steps", steps));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static long raise(String roster, String source) {
        CalloutApp.Res r = app.api("POST", "/api/alarms", Map.of("source", source, "name", "Boiler Overtemp",
                "priority", "High", "roster", roster));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("alarmId").asLong();
    }

    @Test
    void should_page_on_call_person_then_next_steps_users_together_after_its_delay_and_repeat_rounds() {
        Person ann = person("pol-ann");
        Person bob = person("pol-bob");
        Person cy = person("pol-cy");
        onCall.set("day-shift", ann.id());
        policy("boiler", 2, List.of(
                Map.of("targets", List.of(Map.of("schedule", "day-shift")), "delay", "PT5M"),
                Map.of("targets", List.of(Map.of("user", bob.id()), Map.of("user", cy.id())), "delay", "PT10M")));

        long alarmId = raise("boiler", "site1/boiler1/overtemp");

        ann.phone().expectSms("Boiler Overtemp");
        bob.phone().expectNothing();
        clock.advance(ofMinutes(4));
        bob.phone().expectNothing();
        clock.advance(ofMinutes(1));
        bob.phone().expectSms("Boiler Overtemp");
        cy.phone().expectSms("Boiler Overtemp");
        // round 2 begins 15 minutes (5 + 10) after round 1 began, with whoever is on call then
        clock.advance(ofMinutes(9));
        ann.phone().expectNothing();
        clock.advance(ofMinutes(1));
        ann.phone().expectSms("Boiler Overtemp");
        assertThat(app.api("POST", "/api/alarms/" + alarmId + "/ack", Map.of("userId", ann.id())).status())
                .isEqualTo(200);
        clock.advance(ofMinutes(30));
        bob.phone().expectNothing();
    }

    @Test
    void should_not_restart_round_sooner_than_sum_of_step_delays_when_every_step_fails_at_once() {
        Person dee = person("fail-dee");
        Person eve = person("fail-eve");
        dee.phone().set(Map.of("sms", "undelivered"));
        eve.phone().set(Map.of("sms", "undelivered"));
        policy("failing", 3, List.of(
                Map.of("targets", List.of(Map.of("user", dee.id())), "delay", "PT5M"),
                Map.of("targets", List.of(Map.of("user", eve.id())), "delay", "PT5M")));

        long alarmId = raise("failing", "site1/failing/overtemp");

        // undelivered escalates at once: both steps of round 1 with the clock standing still, then nothing more
        dee.phone().expectSms("Boiler Overtemp");
        eve.phone().expectSms("Boiler Overtemp");
        dee.phone().expectNothing();
        clock.advance(ofMinutes(9));
        dee.phone().expectNothing();
        clock.advance(ofMinutes(1));
        dee.phone().expectSms("Boiler Overtemp");
        eve.phone().expectSms("Boiler Overtemp");
        app.api("POST", "/api/alarms/" + alarmId + "/ack", Map.of("userId", dee.id()));
    }

    @Test
    void should_audit_and_skip_a_step_that_reaches_nobody() {
        Person fay = person("skip-fay");
        onCall.set("night-shift");
        policy("nights", 1, List.of(
                Map.of("targets", List.of(Map.of("schedule", "night-shift")), "delay", "PT5M"),
                Map.of("targets", List.of(Map.of("user", fay.id())), "delay", "PT5M")));

        long alarmId = raise("nights", "site1/nights/overtemp");

        // no clock move: the empty step is skipped at once
        fay.phone().expectSms("Boiler Overtemp");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                app.api("GET", "/api/audit?alarmId=" + alarmId, null).json().findValuesAsText("kind"))
                .contains("escalation-step-empty"));
        assertThat(app.api("GET", "/api/audit?alarmId=" + alarmId, null).body())
                .contains("round 1 step 1 (schedule night-shift) reached nobody");
        app.api("POST", "/api/alarms/" + alarmId + "/ack", Map.of("userId", fay.id()));
    }

    @Test
    void should_reach_a_user_with_contact_rules_by_sms_at_once_and_never_call_after_an_sms_ack() {
        String number = Roster.number();
        CalloutApp.Res u = app.api("POST", "/api/users", Map.of("username", "rules-gil", "sms", number, "phone",
                number, "pin", "2580", "timeZone", "Europe/Amsterdam",
                "rules", List.of(Map.of("channel", "sms", "after", "PT0S"), Map.of("channel", "voice", "after", "PT2M"))));
        assertThat(u.status()).as(u.body()).isEqualTo(201);
        Phone gil = new Phone(app, number);
        policy("rules", 1, List.of(Map.of("targets", List.of(Map.of("user", u.json().get("id").asLong())),
                "delay", "PT10M")));

        CalloutApp.Res r = app.api("POST", "/api/alarms", Map.of("source", "site1/rules/level", "name", "High Level",
                "priority", "High", "roster", "rules", "eventTime", "2026-11-22T10:00:00Z"));
        long alarmId = r.json().get("alarmId").asLong();

        // the event time in gil's zone (10:00 UTC is 11:00 in Amsterdam)
        Phone.Sms sms = gil.expectSms("[HIGH] 11:00 High Level.");
        clock.advance(ofMinutes(1));
        gil.expectNothing();
        assertThat(sms.reply(sms.code() + " 2580")).isEqualTo("Acknowledged: High Level.");
        clock.advance(ofMinutes(5));
        gil.expectNothing();
        assertThat(app.api("GET", "/api/audit?alarmId=" + alarmId, null).json().findValuesAsText("kind"))
                .contains("notification-scheduled", "notification-skipped");
    }

    @Test
    void should_call_a_user_by_the_voice_rule_after_its_delay_when_nobody_acks() {
        String number = Roster.number();
        long hal = app.api("POST", "/api/users", Map.of("username", "rules-hal", "sms", number, "phone", number,
                "pin", "3690", "rules", List.of(Map.of("channel", "sms", "after", "PT0S"),
                        Map.of("channel", "voice", "after", "PT2M")))).json().get("id").asLong();
        Phone phone = new Phone(app, number).set(Map.of("answer", "answer", "digits", "3690#"));
        policy("rules-call", 1, List.of(Map.of("targets", List.of(Map.of("user", hal)), "delay", "PT10M")));

        raise("rules-call", "site1/rules/call");

        phone.expectSms("Boiler Overtemp");
        clock.advance(ofMinutes(1).plusSeconds(59));
        phone.expectNothing();
        clock.advance(Duration.ofSeconds(1));
        assertThat(phone.expectCall("Boiler Overtemp")).contains("acknowledged");
    }
}
