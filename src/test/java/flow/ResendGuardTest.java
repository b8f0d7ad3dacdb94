package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/**
 * A crash between Twilio accepting an SMS and Callout recording it leaves the notification 'pending'. At the next
 * start Callout asks Twilio first and records the SMS it finds instead of sending it twice. Twilio here is a second
 * Callout's sandbox, so its messages outlive this Callout's restart.
 */
class ResendGuardTest {

    @Test
    void should_not_send_twice_an_sms_twilio_already_has_after_restart() throws Exception {
        try (CalloutApp twilio = CalloutApp.start(Map.of());
             CalloutApp app = CalloutApp.start(Map.of("callout.twilio.account-sid", "AC00000000000000000000000000000000",
                     "callout.twilio.auth-token", "sandbox-auth-token", "callout.twilio.from-number", "+15005550006",
                     "callout.twilio.api-url", twilio.url("/sandbox/twilio"), "callout.escalation.delay", "PT1H"))) {
            String n = Roster.number();
            long u = Roster.user(app, "guard-ann", n, "1234");
            Roster.roster(app, "guard-team", List.of(u), List.of("sms"));
            long alarmId = app.api("POST", "/api/alarms", Map.of("source", "guard/1", "name", "Guard",
                    "roster", "guard-team")).json().get("alarmId").asLong();
            String sid = await().atMost(Duration.ofSeconds(10)).until(() -> app.api("GET", "/api/alarms/" + alarmId, null)
                    .json().get("notifications").path(0).path("twilioSid").asText(""), s -> s.startsWith("SM"));
            app.stop();

            unrecord(app, alarmId);
            app.start();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.api("GET",
                    "/api/alarms/" + alarmId, null).json().get("notifications").path(0).path("twilioSid").asText(""))
                    .isEqualTo(sid));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                    assertThat(twilio.phone(n).get("messages")).hasSize(1));
        }
    }

    /**
     * A storm paged the same phone 250 more times after the SMS whose write was lost: Twilio lists the newest first,
     * and a look at the first 200 missed it, so it was sent twice (the chaos test found 9 such doubles at 3,000
     * alarms). Every page of the window is read.
     */
    @Test
    void should_find_the_sms_behind_more_than_200_newer_texts_to_that_number() throws Exception {
        try (CalloutApp twilio = CalloutApp.start(Map.of());
             CalloutApp app = CalloutApp.start(Map.of("callout.twilio.account-sid", "AC00000000000000000000000000000000",
                     "callout.twilio.auth-token", "sandbox-auth-token", "callout.twilio.from-number", "+15005550006",
                     "callout.twilio.api-url", twilio.url("/sandbox/twilio"), "callout.escalation.delay", "PT1H"))) {
            String n = Roster.number();
            long u = Roster.user(app, "guard-busy", n, "1234");
            Roster.roster(app, "guard-busy-team", List.of(u), List.of("sms"));
            long alarmId = app.api("POST", "/api/alarms", Map.of("source", "guard/busy/first", "name", "First",
                    "roster", "guard-busy-team")).json().get("alarmId").asLong();
            String sid = await().atMost(Duration.ofSeconds(30)).until(() -> app.api("GET", "/api/alarms/" + alarmId, null)
                    .json().get("notifications").path(0).path("twilioSid").asText(""), s -> s.startsWith("SM"));
            List<Map<String, Object>> storm = new java.util.ArrayList<>();
            for (int i = 0; i < 250; i++) {
                storm.add(Map.of("source", "guard/busy/" + i, "name", "Storm " + i, "roster", "guard-busy-team"));
            }
            assertThat(app.api("POST", "/api/alarms", storm).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(90)).until(() -> twilio.phone(n).get("messages").size() == 251);
            app.stop();

            unrecord(app, alarmId);
            app.start();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(app.api("GET",
                    "/api/alarms/" + alarmId, null).json().get("notifications").path(0).path("twilioSid").asText(""))
                    .isEqualTo(sid));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                    assertThat(twilio.phone(n).get("messages")).hasSize(251));
        }
    }

    @Test
    void should_not_place_again_a_call_twilio_already_has_after_restart() throws Exception {
        try (CalloutApp twilio = CalloutApp.start(Map.of());
             CalloutApp app = CalloutApp.start(Map.of("callout.twilio.account-sid", "AC00000000000000000000000000000000",
                     "callout.twilio.auth-token", "sandbox-auth-token", "callout.twilio.from-number", "+15005550006",
                     "callout.twilio.api-url", twilio.url("/sandbox/twilio"), "callout.escalation.delay", "PT1H"))) {
            String n = Roster.number();
            long u = Roster.user(app, "guard-cal", n, "1234");
            Roster.roster(app, "guard-call-team", List.of(u), List.of("voice"));
            long alarmId = app.api("POST", "/api/alarms", Map.of("source", "guard/call", "name", "Guard call",
                    "roster", "guard-call-team")).json().get("alarmId").asLong();
            String sid = await().atMost(Duration.ofSeconds(10)).until(() -> app.api("GET", "/api/alarms/" + alarmId, null)
                    .json().get("notifications").path(0).path("twilioSid").asText(""), s -> s.startsWith("CA"));
            app.stop();

            unrecord(app, alarmId);
            app.start();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.api("GET",
                    "/api/alarms/" + alarmId, null).json().get("notifications").path(0).path("twilioSid").asText(""))
                    .isEqualTo(sid));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                    assertThat(twilio.phone(n).get("calls")).hasSize(1));
        }
    }

    /**
     * The write after Twilio's answer never happened: the notification is pending, without SID, and still belongs
     * to the run that stopped (whose lease the stop released).
     */
    private static void unrecord(CalloutApp app, long alarmId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + app.dataDir().resolve("db"), "sa", "")) {
            assertThat(c.createStatement().executeUpdate("UPDATE notifications SET status = 'pending', "
                    + "twilio_sid = NULL, owner = (SELECT MAX(owner) FROM instance_leases WHERE owner <> 'before-v6') "
                    + "WHERE alarm_id = " + alarmId)).isEqualTo(1);
        }
    }

    @Test
    void should_ask_the_rosters_profile_account_whether_twilio_already_has_the_sms() throws Exception {
        Map<String, String> plant2 = Map.of("callout.twilio.profiles.plant2.account-sid",
                "AC22222222222222222222222222222222", "callout.twilio.profiles.plant2.auth-token", "plant2-token",
                "callout.twilio.profiles.plant2.from-number", "+15005550022");
        Map<String, String> props = new java.util.HashMap<>(plant2);
        props.putAll(Map.of("callout.twilio.account-sid", "AC00000000000000000000000000000000",
                "callout.twilio.auth-token", "sandbox-auth-token", "callout.twilio.from-number", "+15005550006",
                "callout.twilio.api-url", "{{test.twilio.url}}", "callout.escalation.delay", "PT1H",
                "callout.twilio.profiles.plant2.api-url", "{{test.twilio.url}}"));
        try (CalloutApp twilio = CalloutApp.start(plant2)) {
            props.put("test.twilio.url", twilio.url("/sandbox/twilio"));
            try (CalloutApp app = CalloutApp.start(props)) {
                String n = Roster.number();
                long u = Roster.user(app, "guard-bob", n, "1234");
                app.api("POST", "/api/rosters", Map.of("name", "guard-plant2", "members", List.of(u),
                        "channels", List.of("sms"), "profile", "plant2"));
                long alarmId = app.api("POST", "/api/alarms", Map.of("source", "guard/2", "name", "Guard",
                        "roster", "guard-plant2")).json().get("alarmId").asLong();
                String sid = await().atMost(Duration.ofSeconds(10)).until(() -> app.api("GET", "/api/alarms/"
                        + alarmId, null).json().get("notifications").path(0).path("twilioSid").asText(""),
                        s -> s.startsWith("SM"));
                app.stop();
                unrecord(app, alarmId);
                app.start();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.api("GET",
                        "/api/alarms/" + alarmId, null).json().get("notifications").path(0).path("twilioSid")
                        .asText("")).isEqualTo(sid));
                await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                        assertThat(twilio.phone(n).get("messages")).hasSize(1));
            }
        }
    }

}
