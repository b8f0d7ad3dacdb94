package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
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
 * Voice acknowledgement, escalation on busy and on silence, rounds, TwiML injection. Escalation runs on a clock the
 * tests move: the real 5-minute delay, no waiting for it.
 */
class VoiceAndEscalationTest {

    static final TestClock clock = new TestClock();
    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.delay", "PT5M", "callout.escalation.rounds", "2",
                "callout.escalation.poll", "200"), Map.of("clock", clock));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static long raise(String roster, String source, String message) {
        CalloutApp.Res r = app.api("POST", "/api/alarms", Map.of("source", source, "name", "Pump Trip",
                "priority", "Critical", "message", message, "roster", roster));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("alarmId").asLong();
    }

    @Test
    void should_ack_over_voice_when_phone_keys_pin_and_transcript_has_alarm_text() {
        String n1 = Roster.number();
        long u1 = Roster.user(app, "voice-ann", n1, "2468");
        Roster.roster(app, "voice-team", List.of(u1), List.of("voice"));
        app.setPhone(n1, Map.of("answer", "answer", "digits", "2468#"));

        long alarmId = raise("voice-team", "site2/pump1/trip", "Pump 1 tripped on overload");

        JsonNode call = await().atMost(Duration.ofSeconds(15)).until(() -> app.phone(n1).get("calls"),
                c -> c.size() == 1 && c.get(0).get("status").asText().equals("completed")).get(0);
        List<String> transcript = new ArrayList<>();
        call.get("transcript").forEach(t -> transcript.add(t.asText()));
        assertThat(String.join(" ", transcript)).contains("Pump 1 tripped on overload").contains("acknowledged");
        JsonNode alarm = await().atMost(Duration.ofSeconds(5)).until(
                () -> app.api("GET", "/api/alarms/" + alarmId, null).json(),
                a -> a.get("state").asText().equals("acknowledged"));
        assertThat(alarm.get("ack").get("userId").asLong()).isEqualTo(u1);
        assertThat(alarm.get("ack").get("channel").asText()).isEqualTo("voice");
    }

    @Test
    void should_speak_twiml_in_alarm_text_literally() {
        String n1 = Roster.number();
        long u1 = Roster.user(app, "inject-ann", n1, "1357");
        Roster.roster(app, "inject-team", List.of(u1), List.of("voice"));
        app.setPhone(n1, Map.of("answer", "answer", "digits", "1357#"));

        raise("inject-team", "site2/inject", "Level <Hangup/> high ]]> <Dial>+15551234567</Dial> & rising");

        JsonNode call = await().atMost(Duration.ofSeconds(15)).until(() -> app.phone(n1).get("calls"),
                c -> c.size() == 1 && c.get(0).get("status").asText().equals("completed")).get(0);
        String spoken = call.get("transcript").toString();
        assertThat(spoken).contains("Level <Hangup/> high ]]> <Dial>+15551234567</Dial> & rising");
        assertThat(spoken).doesNotContain("[dial");
        assertThat(spoken).contains("acknowledged");
    }

    @Test
    void should_escalate_at_once_when_first_phone_is_busy_then_repeat_rounds() {
        String n1 = Roster.number();
        String n2 = Roster.number();
        long u1 = Roster.user(app, "busy-ann", n1, "1111");
        long u2 = Roster.user(app, "busy-bob", n2, "2222");
        Roster.roster(app, "busy-team", List.of(u1, u2), List.of("voice"));
        Phone ann = new Phone(app, n1).set(Map.of("answer", "busy"));
        Phone bob = new Phone(app, n2).set(Map.of("answer", "no-answer"));

        long alarmId = raise("busy-team", "site3/busy", "Compressor fault");

        // busy and no-answer escalate at once: both members are called with the clock standing still
        ann.expectCall("");
        bob.expectCall("");
        // round 2 not before the round's two 5-minute delays have passed since it began
        clock.advance(Duration.ofMinutes(9));
        ann.expectNothing();
        clock.advance(Duration.ofMinutes(1));
        ann.expectCall("");
        bob.expectCall("");
        // then escalation is exhausted: 4 calls in all, never more
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode ns = app.api("GET", "/api/alarms/" + alarmId, null).json().get("notifications");
            assertThat(ns).hasSize(4);
            List<String> who = new ArrayList<>();
            ns.forEach(n -> who.add(n.get("userId").asLong() + "/" + n.get("attempt").asInt() + "/"
                    + n.get("status").asText()));
            assertThat(who).containsExactly(u1 + "/1/busy", u2 + "/2/no-answer", u1 + "/3/busy", u2 + "/4/no-answer");
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                app.api("GET", "/api/audit?alarmId=" + alarmId, null).body()).contains("escalation-exhausted"));
        clock.advance(Duration.ofMinutes(30));
        ann.expectNothing();
        bob.expectNothing();
    }

    @Test
    void should_escalate_to_next_member_after_delay_when_nobody_acks() {
        String n1 = Roster.number();
        String n2 = Roster.number();
        long u1 = Roster.user(app, "quiet-ann", n1, "3333");
        long u2 = Roster.user(app, "quiet-bob", n2, "4444");
        Roster.roster(app, "quiet-team", List.of(u1, u2), List.of("sms"));
        Phone ann = new Phone(app, n1);
        Phone bob = new Phone(app, n2);

        long alarmId = raise("quiet-team", "site3/quiet", "Door open");

        ann.expectSms("Door open");
        clock.advance(Duration.ofMinutes(4));
        bob.expectNothing();
        clock.advance(Duration.ofMinutes(1));
        bob.expectSms("Door open");
        // acknowledging from the console stops the escalation
        assertThat(app.api("POST", "/api/alarms/" + alarmId + "/ack", Map.of("userId", u2)).json()
                .get("outcome").asText()).isEqualTo("acknowledged");
        // ann is told who acknowledged, and nobody is paged again
        ann.expectSms("ACK by quiet-bob ");
        clock.advance(Duration.ofMinutes(30));
        ann.expectNothing();
        bob.expectNothing();
    }

    @Test
    void should_reject_forged_webhook_with_403_and_audit_it() {
        CalloutApp.Res forged = app.send("POST", "/twilio/voice/notify/1", "From=%2B15551112222&Digits=1234",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Twilio-Signature", "bm9wZQ=="));
        assertThat(forged.status()).isEqualTo(403);
        CalloutApp.Res unsigned = app.send("POST", "/twilio/sms", "From=%2B15551112222&Body=1234",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(app.api("GET", "/api/audit", null).body()).contains("webhook-rejected")
                .contains("invalid X-Twilio-Signature").contains("missing X-Twilio-Signature");
    }
}
