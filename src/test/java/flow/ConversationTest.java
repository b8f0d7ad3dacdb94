package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/**
 * The conversation: outcome notices to the others paged ("ACK by", "CLEARED"), and the SMS commands ALL, ESC, CLOSE,
 * LIST, HELP, each with its PIN counted towards the lockout.
 */
class ConversationTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        // a long escalation delay: a second person is paged only when a test passes the alarm on, or the clock of
        // this test (ESC) says so
        app = CalloutApp.start(Map.of("callout.escalation.delay", "PT10M", "callout.time-zone", "UTC"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_tell_the_others_paged_who_acknowledged() {
        Team t = team(2);
        long alarm = raise(t, "Boiler overtemp");
        String code = code(t.expectSms(0, "Boiler overtemp"));
        assertThat(t.reply(0, "ESC " + code + " 1000")).contains("Passed on: Boiler overtemp.");
        String bobsCode = code(t.expectSms(1, "Boiler overtemp"));

        assertThat(t.reply(1, bobsCode + " 1001")).contains("Acknowledged: Boiler overtemp.");

        String notice = t.expectSms(0, "ACK by");
        assertThat(notice).matches("ACK by " + t.names.get(1) + " \\d\\d:\\d\\d: Boiler overtemp \\(" + t.source
                + "\\)");
        assertThat(app.api("GET", "/api/alarms/" + alarm, null).json().get("state").asText()).isEqualTo("acknowledged");
        // the one who acknowledged gets no notice of their own ack
        t.expectNoMoreSms(1);
    }

    @Test
    void should_send_cleared_to_everyone_paged_when_the_alarm_clears() {
        Team t = team(2);
        raise(t, "Pump trip");
        String code = code(t.expectSms(0, "Pump trip"));
        t.reply(0, "ESC " + code + " 1000");
        t.expectSms(1, "Pump trip");

        // the second person reads Kathmandu time (UTC+05:45), the first Callout's zone (UTC)
        assertThat(app.api("PUT", "/api/users/" + t.ids.get(1), Map.of("username", t.names.get(1), "sms",
                t.numbers.get(1), "phone", t.numbers.get(1), "pin", "1001", "timeZone", "Asia/Kathmandu")).status())
                .isEqualTo(200);
        app.api("POST", "/api/alarms", Map.of("source", t.source, "name", "Pump trip", "state", "cleared"));

        String utc = t.expectSms(0, "CLEARED");
        assertThat(utc).matches("CLEARED \\d\\d:\\d\\d: Pump trip \\(" + t.source + "\\)");
        String kathmandu = t.expectSms(1, "CLEARED");
        assertThat(java.time.LocalTime.parse(kathmandu.substring(8, 13)))
                .isEqualTo(java.time.LocalTime.parse(utc.substring(8, 13)).plusHours(5).plusMinutes(45));
    }

    @Test
    void should_close_an_alarm_by_sms_and_tell_the_others() {
        Team t = team(2);
        long alarm = raise(t, "Valve stuck");
        String code = code(t.expectSms(0, "Valve stuck"));
        t.reply(0, "ESC " + code + " 1000");
        String bobsCode = code(t.expectSms(1, "Valve stuck"));

        assertThat(t.reply(1, "close " + bobsCode + " 1001")).contains("Cleared: Valve stuck.");

        assertThat(app.api("GET", "/api/alarms/" + alarm, null).json().get("state").asText()).isEqualTo("cleared");
        assertThat(t.expectSms(0, "CLEARED")).contains("Valve stuck");
        t.expectNoMoreSms(1);
    }

    @Test
    void should_pass_an_alarm_to_the_next_step_at_once_with_esc() {
        Team t = team(2);
        long alarm = raise(t, "Level high");
        String code = code(t.expectSms(0, "Level high"));

        assertThat(t.reply(0, "ESC " + code + " 1000")).contains("Passed on: Level high.");

        t.expectSms(1, "Level high");
        List<Long> paged = new ArrayList<>();
        app.api("GET", "/api/alarms/" + alarm, null).json().get("notifications")
                .forEach(n -> paged.add(n.get("userId").asLong()));
        assertThat(paged).containsExactly(t.ids.get(0), t.ids.get(1));
    }

    @Test
    void should_acknowledge_all_of_a_persons_alarms_with_all_pin() {
        Team t = team(1);
        List<Long> alarms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alarms.add(raise(t, "Alarm " + i, t.source + "/" + i));
            t.expectSms(0, "Alarm " + i);
        }

        String reply = t.reply(0, "ALL 1000");

        assertThat(reply).contains("Acknowledged 3 alarms:");
        for (long id : alarms) {
            assertThat(app.api("GET", "/api/alarms/" + id, null).json().get("state").asText())
                    .isEqualTo("acknowledged");
        }
        assertThat(t.reply(0, "all 1000")).contains("Already acknowledged");
    }

    @Test
    void should_list_codes_and_help() {
        Team t = team(1);
        raise(t, "Listed alarm");
        String code = code(t.expectSms(0, "Listed alarm"));

        assertThat(t.reply(0, "LIST")).contains(code + ": ").contains("Listed alarm");
        assertThat(t.reply(0, "help")).contains("ALL <PIN>").contains("ESC <code> <PIN>").contains("CLOSE <code> <PIN>");
    }

    @Test
    void should_count_wrong_pins_of_every_command_towards_the_lockout() {
        Team t = team(1);
        long alarm = raise(t, "Locked out");
        String code = code(t.expectSms(0, "Locked out"));

        t.reply(0, "ESC " + code + " 9999");
        t.reply(0, "CLOSE " + code + " 9999");
        t.reply(0, "ALL 9999");
        t.reply(0, code + " 9999");
        t.reply(0, "9999");

        assertThat(t.reply(0, "CLOSE " + code + " 1000")).contains("locked");
        assertThat(t.reply(0, code + " 1000")).contains("locked");
        assertThat(app.api("GET", "/api/alarms/" + alarm, null).json().get("state").asText()).isEqualTo("active");
    }

    // ---- a team of phones on one roster, as people see it

    private static long raise(Team t, String name) {
        return raise(t, name, t.source);
    }

    private static long raise(Team t, String name, String source) {
        CalloutApp.Res r = app.api("POST", "/api/alarms", Map.of("source", source, "name", name, "roster", t.roster));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("alarmId").asLong();
    }

    private static String code(String sms) {
        Matcher m = Pattern.compile("Reply ([A-Z0-9]{4}) ").matcher(sms);
        assertThat(m.find()).as("ack code in %s", sms).isTrue();
        return m.group(1);
    }

    private static Team team(int size) {
        Team t = new Team();
        t.roster = "team-" + UUID.randomUUID();
        t.source = "site9/" + UUID.randomUUID();
        for (int i = 0; i < size; i++) {
            String n = Roster.number();
            String name = "user" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            t.numbers.add(n);
            t.names.add(name);
            t.ids.add(Roster.user(app, name, n, "100" + i));
            t.seen.add(0);
        }
        Roster.roster(app, t.roster, t.ids, List.of("sms"));
        return t;
    }

    static final class Team {
        String roster;
        String source;
        final List<String> numbers = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();
        final List<Integer> seen = new ArrayList<>();

        /**
         * Waits for an SMS containing the text on phone i, after those already seen (replies to the phone's own
         * texts are on the phone too, and are skipped), and returns it.
         */
        String expectSms(int i, String containing) {
            int found = await().atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode m = app.phone(numbers.get(i)).get("messages");
                for (int k = seen.get(i); k < m.size(); k++) {
                    if (m.get(k).get("body").asText().contains(containing)) {
                        return k;
                    }
                }
                return -1;
            }, k -> k >= 0);
            seen.set(i, found + 1);
            return app.phone(numbers.get(i)).get("messages").get(found).get("body").asText();
        }

        /** No SMS from Callout other than replies on phone i after those already seen. */
        void expectNoMoreSms(int i) {
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                JsonNode m = app.phone(numbers.get(i)).get("messages");
                for (int k = seen.get(i); k < m.size(); k++) {
                    assertThat(m.get(k).get("body").asText()).doesNotContain("ACK by").doesNotContain("CLEARED")
                            .doesNotContain("Reply ");
                }
            });
        }

        /** Phone i texts Callout; returns Callout's reply. */
        String reply(int i, String body) {
            CalloutApp.Res r = app.send("POST", "/sandbox/phones/" + numbers.get(i).replace("+", "%2B") + "/sms",
                    Map.of("body", body), Map.of());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode replies = r.json().get("messages");
            return replies == null || replies.isEmpty() ? "" : replies.get(0).asText();
        }
    }
}
