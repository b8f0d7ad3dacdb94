package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/** The alarm call's menu, as the person who answers hears it: when and where, *, 5, PIN + #, no input. */
class VoiceMenuTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        // nobody is paged next unless the call passes the alarm on
        app = CalloutApp.start(Map.of("callout.escalation.delay", "PT10M", "callout.time-zone", "UTC"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_say_when_and_where_then_repeat_on_star_and_acknowledge_on_pin() {
        String n = Roster.number();
        long ann = Roster.user(app, "menu-" + UUID.randomUUID(), n, "2468");
        String roster = roster(List.of(ann));
        app.setPhone(n, Map.of("answer", "answer", "digits", "*#2468#"));

        long alarmId = raise(roster, "site1/boiler1", "2026-12-03T03:12:00Z");

        List<String> heard = transcript(n);
        assertThat(heard).filteredOn(s -> s.equals("Alarm at 03:12, site1 boiler1.")).hasSize(2);
        assertThat(heard).filteredOn(s -> s.startsWith("Alarm: Boiler overtemp.")).hasSize(2);
        assertThat(heard.get(heard.size() - 1)).isEqualTo("Alarm Boiler overtemp acknowledged. Thank you. Goodbye.");
        assertThat(app.api("GET", "/api/alarms/" + alarmId, null).json().get("state").asText())
                .isEqualTo("acknowledged");
    }

    @Test
    void should_repeat_once_without_input_then_say_goodbye() {
        String n = Roster.number();
        long ann = Roster.user(app, "silent-" + UUID.randomUUID(), n, "2468");
        String roster = roster(List.of(ann));
        app.setPhone(n, Map.of("answer", "answer", "digits", ""));

        long alarmId = raise(roster, "site1/boiler2", "2026-12-03T04:40:00Z");

        List<String> heard = transcript(n);
        assertThat(heard).filteredOn(s -> s.startsWith("Alarm: Boiler overtemp.")).hasSize(2);
        assertThat(heard.get(heard.size() - 1)).isEqualTo("No input received. Goodbye.");
        assertThat(app.api("GET", "/api/alarms/" + alarmId, null).json().get("state").asText()).isEqualTo("active");
    }

    @Test
    void should_pass_the_alarm_to_the_next_person_on_5() {
        String n1 = Roster.number();
        String n2 = Roster.number();
        long ann = Roster.user(app, "pass-" + UUID.randomUUID(), n1, "2468");
        long bob = Roster.user(app, "next-" + UUID.randomUUID(), n2, "1357");
        String roster = roster(List.of(ann, bob));
        app.setPhone(n1, Map.of("answer", "answer", "digits", "5#"));
        app.setPhone(n2, Map.of("answer", "answer", "digits", "1357#"));

        long alarmId = raise(roster, "site1/boiler3", "2026-12-03T05:00:00Z");

        assertThat(transcript(n1)).endsWith("Passing this alarm to the next person. Goodbye.");
        assertThat(transcript(n2)).endsWith("Alarm Boiler overtemp acknowledged. Thank you. Goodbye.");
        JsonNode alarm = app.api("GET", "/api/alarms/" + alarmId, null).json();
        assertThat(alarm.get("ack").get("userId").asLong()).isEqualTo(bob);
    }

    @Test
    void should_offer_the_same_menu_when_the_person_calls_callout() {
        String n = Roster.number();
        long ann = Roster.user(app, "caller-" + UUID.randomUUID(), n, "2468");
        String roster = "inbound-" + UUID.randomUUID();
        Roster.roster(app, roster, List.of(ann), List.of("sms"));
        long alarmId = raise(roster, "site1/boiler4", "2026-12-03T06:30:00Z");

        // the phone calls Callout, presses * (hears it again), then keys the PIN
        CalloutApp.Res call = app.send("POST", "/sandbox/phones/" + n.replace("+", "%2B") + "/call",
                Map.of("digits", "*#2468#"), Map.of());

        assertThat(call.status()).as(call.body()).isEqualTo(200);
        List<String> heard = new ArrayList<>();
        call.json().get("transcript").forEach(t -> heard.add(t.asText()));
        assertThat(heard).filteredOn(s -> s.startsWith("Alarm: Boiler overtemp.")).hasSize(2);
        assertThat(heard).contains("Alarm at 06:30, site1 boiler4.");
        assertThat(heard.get(heard.size() - 1)).isEqualTo("Alarm Boiler overtemp acknowledged. Thank you. Goodbye.");
        assertThat(app.api("GET", "/api/alarms/" + alarmId, null).json().get("state").asText())
                .isEqualTo("acknowledged");
    }

    @Test
    void should_pass_the_alarm_on_when_the_person_calls_callout_and_presses_5() {
        String n1 = Roster.number();
        String n2 = Roster.number();
        long ann = Roster.user(app, "caller5-" + UUID.randomUUID(), n1, "2468");
        long bob = Roster.user(app, "next5-" + UUID.randomUUID(), n2, "1357");
        String roster = "inbound5-" + UUID.randomUUID();
        Roster.roster(app, roster, List.of(ann, bob), List.of("sms"));
        long alarmId = raise(roster, "site1/boiler5", "2026-12-03T07:00:00Z");
        await().atMost(Duration.ofSeconds(10)).until(() -> app.phone(n1).get("messages").size() == 1);

        CalloutApp.Res call = app.send("POST", "/sandbox/phones/" + n1.replace("+", "%2B") + "/call",
                Map.of("digits", "5#"), Map.of());

        assertThat(call.status()).as(call.body()).isEqualTo(200);
        List<String> heard = new ArrayList<>();
        call.json().get("transcript").forEach(t -> heard.add(t.asText()));
        assertThat(heard).endsWith("Passing this alarm to the next person. Goodbye.");
        // bob is paged now, not after the 10 minutes' delay
        await().atMost(Duration.ofSeconds(10)).until(() -> app.phone(n2).get("messages").size() == 1);
        assertThat(app.api("GET", "/api/alarms/" + alarmId, null).json().get("state").asText()).isEqualTo("active");
    }

    private static String roster(List<Long> members) {
        String name = "menu-" + UUID.randomUUID();
        Roster.roster(app, name, members, List.of("voice"));
        return name;
    }

    private static long raise(String roster, String source, String eventTime) {
        CalloutApp.Res r = app.api("POST", "/api/alarms", Map.of("source", source, "name", "Boiler overtemp",
                "priority", "Critical", "message", "Boiler at 120 C", "roster", roster, "eventTime", eventTime));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("alarmId").asLong();
    }

    /** What the phone heard on its (one) completed call. */
    private static List<String> transcript(String number) {
        JsonNode call = await().atMost(Duration.ofSeconds(15)).until(() -> app.phone(number).get("calls"),
                c -> c.size() == 1 && c.get(0).get("status").asText().equals("completed")).get(0);
        List<String> heard = new ArrayList<>();
        call.get("transcript").forEach(t -> heard.add(t.asText()));
        return heard;
    }
}
