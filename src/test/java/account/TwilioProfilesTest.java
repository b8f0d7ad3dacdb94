package account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sandbox.TwilioSandbox;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.TwilioOpenApi;
import twilio.TwilioSignatures;

/**
 * Named Twilio profiles against a sandbox serving three accounts: the default one, plant2 (another Twilio account)
 * and sw (a SignalWire project, served below the sandbox's /signalwire/api/laml prefix).
 */
class TwilioProfilesTest {

    static final String PLANT2_SID = "AC22222222222222222222222222222222";
    static final String PLANT2_TOKEN = "plant2-token";
    static final String PLANT2_FROM = "+15005550022";
    static final String SW_PROJECT = "6f0e2a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b";
    static final String SW_TOKEN = "PT-sw-api-token";
    static final String SW_SIGNING_KEY = "PSK-sw-signing-key";
    static final String SW_FROM = "+15005550033";
    static CalloutApp app;

    @BeforeAll
    static void start() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("callout.escalation.delay", "PT5M");
        p.put("callout.twilio.profiles.plant2.account-sid", PLANT2_SID);
        p.put("callout.twilio.profiles.plant2.auth-token", PLANT2_TOKEN);
        p.put("callout.twilio.profiles.plant2.from-number", PLANT2_FROM);
        p.put("callout.twilio.profiles.sw.provider", "signalwire");
        p.put("callout.twilio.profiles.sw.account-sid", SW_PROJECT);
        p.put("callout.twilio.profiles.sw.auth-token", SW_TOKEN);
        p.put("callout.twilio.profiles.sw.signing-key", SW_SIGNING_KEY);
        p.put("callout.twilio.profiles.sw.from-number", SW_FROM);
        p.put("callout.twilio.profiles.sw.api-url", "http://127.0.0.1:{{camel.server.port}}/sandbox/signalwire");
        app = CalloutApp.start(p);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static TwilioSandbox sandbox() {
        return TwilioOpenApi.sandbox(app);
    }

    private static long user(String name, String number, String pin) {
        return app.api("POST", "/api/users", Map.of("username", name, "sms", number, "pin", pin)).json()
                .get("id").asLong();
    }

    private static long alarm(String source, String roster) {
        Res r = app.api("POST", "/api/alarms", Map.of("source", source, "name", "Boiler overtemp",
                "roster", roster, "message", "Boiler 2 at 98 C"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("alarmId").asLong();
    }

    private static JsonNode firstSms(String number) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> app.phone(number).get("messages"),
                m -> m.size() == 1).get(0);
    }

    private static String ackCode(JsonNode sms) {
        Matcher code = Pattern.compile("Reply ([A-Z0-9]{4}) ").matcher(sms.get("body").asText());
        assertThat(code.find()).as(sms.get("body").asText()).isTrue();
        return code.group(1);
    }

    private static Res signedSms(String accountSid, String key, String header) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", accountSid);
        params.put("Body", "STATUS");
        params.put("From", "+14155550999");
        params.put("MessageSid", "SM" + "0".repeat(32));
        params.put("To", PLANT2_FROM);
        StringJoiner form = new StringJoiner("&");
        params.forEach((k, v) -> form.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return app.send("POST", "/twilio/sms", form.toString(), Map.of("Content-Type",
                "application/x-www-form-urlencoded", header,
                TwilioSignatures.sign(key, app.url("/twilio/sms"), params)));
    }

    @Test
    void should_notify_a_plant2_roster_from_plant2s_number_with_plant2s_credentials_and_take_the_ack() {
        long ann = user("ann2", "+14155550501", "4321");
        app.api("POST", "/api/rosters", Map.of("name", "plant2-ops", "members", List.of(ann),
                "channels", List.of("sms"), "profile", "plant2"));
        long alarmId = alarm("plant2/boiler2/temp", "plant2-ops");

        JsonNode sms = firstSms("+14155550501");
        assertThat(sms.get("from").asText()).isEqualTo(PLANT2_FROM);
        // the sandbox only accepts plant2's account path with plant2's SID and token (Basic auth per account)
        TwilioSandbox.Received create = sandbox().received().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/Messages.json")
                        && r.form().get("To").contains("+14155550501")).findFirst().orElseThrow();
        assertThat(create.account()).isEqualTo(PLANT2_SID);
        assertThat(create.path()).isEqualTo("/2010-04-01/Accounts/" + PLANT2_SID + "/Messages.json");
        assertThat(TwilioOpenApi.problems(create)).isEmpty();

        Res reply = app.send("POST", "/sandbox/phones/%2B14155550501/sms",
                Map.of("body", ackCode(sms) + " 4321", "to", PLANT2_FROM), Map.of());
        assertThat(reply.json().get("status").asInt()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("messages").get(0).asText()).isEqualTo("Acknowledged: Boiler overtemp.");
        assertThat(app.api("GET", "/api/alarms/" + alarmId, null).json().get("state").asText())
                .isEqualTo("acknowledged");

        // statistics per profile: the delivered SMS and the reply count for plant2, not for the default profile
        await().atMost(Duration.ofSeconds(10)).until(() -> app.api("GET", "/api/stats/profiles", null).json()
                .get("plant2").get("messagesSent").asLong() == 1);
        JsonNode stats = app.api("GET", "/api/stats/profiles", null).json();
        assertThat(stats.get("plant2").get("messagesReceived").asLong()).isEqualTo(1);
        assertThat(stats.get("default").get("messagesSent").asLong()).isZero();
    }

    @Test
    void should_refuse_plant2_webhooks_signed_with_the_default_profiles_token() {
        Res forged = signedSms(PLANT2_SID, Sandbox.TOKEN, "X-Twilio-Signature");
        Res genuine = signedSms(PLANT2_SID, PLANT2_TOKEN, "X-Twilio-Signature");

        assertThat(forged.status()).as(forged.body()).isEqualTo(403);
        assertThat(genuine.status()).as(genuine.body()).isEqualTo(200);
    }

    @Test
    void should_refuse_a_roster_naming_an_unknown_profile() {
        Res r = app.api("POST", "/api/rosters", Map.of("name", "nowhere", "members", List.of(),
                "profile", "plant9"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("profile");
    }

    @Test
    void should_send_an_api_message_with_the_profile_the_call_names() {
        Res r = app.api("POST", "/api/twilio/messages?profile=plant2", Map.of("to", "+14155550502", "body", "hi"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("from").asText()).isEqualTo(PLANT2_FROM);
        assertThat(r.json().get("accountSid").asText()).isEqualTo(PLANT2_SID);
        Res listed = app.api("GET", "/api/twilio/messages?profile=plant2&to=%2B14155550502", null);
        assertThat(listed.json()).hasSize(1);
        assertThat(app.api("GET", "/api/twilio/messages?to=%2B14155550502", null).json()).isEmpty();
        Res raw = app.api("POST", "/api/twilio/request", Map.of("profile", "plant2",
                "path", "2010-04-01/Accounts/{{accountSid}}/Messages.json", "query", Map.of("To", "+14155550502")));
        assertThat(raw.json().get("messages")).hasSize(1);
    }

    @Test
    void should_run_alarm_sms_and_ack_through_a_signalwire_profile() {
        long bea = user("bea-sw", "+14155550503", "2468");
        app.api("POST", "/api/rosters", Map.of("name", "sw-ops", "members", List.of(bea),
                "channels", List.of("sms"), "profile", "sw"));
        long alarmId = alarm("sw/pump1/pressure", "sw-ops");

        JsonNode sms = firstSms("+14155550503");
        assertThat(sms.get("from").asText()).isEqualTo(SW_FROM);
        TwilioSandbox.Received create = sandbox().received().stream()
                .filter(r -> r.method().equals("POST") && r.form().getOrDefault("To", List.of())
                        .contains("+14155550503")).findFirst().orElseThrow();
        assertThat(create.signalWire()).isTrue();
        assertThat(create.path()).isEqualTo("/2010-04-01/Accounts/" + SW_PROJECT + "/Messages.json");

        // the reply is signed with the project's Signing Key and carries X-SignalWire-Signature (and X-Twilio-…)
        Res reply = app.send("POST", "/sandbox/phones/%2B14155550503/sms",
                Map.of("body", ackCode(sms) + " 2468", "to", SW_FROM), Map.of());
        assertThat(reply.json().get("messages").get(0).asText()).as(reply.body())
                .isEqualTo("Acknowledged: Boiler overtemp.");
        assertThat(app.api("GET", "/api/alarms/" + alarmId, null).json().get("state").asText())
                .isEqualTo("acknowledged");
    }

    @Test
    void should_check_signalwire_webhooks_with_the_signing_key_in_either_header() {
        assertThat(signedSms(SW_PROJECT, SW_SIGNING_KEY, "X-SignalWire-Signature").status()).isEqualTo(200);
        assertThat(signedSms(SW_PROJECT, SW_SIGNING_KEY, "X-Twilio-Signature").status()).isEqualTo(200);
        assertThat(signedSms(SW_PROJECT, SW_TOKEN, "X-SignalWire-Signature").status()).isEqualTo(403);
    }

    @Test
    void should_call_a_plant2_roster_from_plant2s_number_and_take_the_voice_ack() {
        long cy = app.api("POST", "/api/users", Map.of("username", "cy2", "phone", "+14155550504", "pin", "9753"))
                .json().get("id").asLong();
        app.api("POST", "/api/rosters", Map.of("name", "plant2-voice", "members", List.of(cy),
                "channels", List.of("voice"), "profile", "plant2"));
        app.setPhone("+14155550504", Map.of("answer", "answer", "digits", "9753#"));
        long alarmId = alarm("plant2/boiler3/temp", "plant2-voice");

        // the call's TwiML requests and status callbacks are signed with plant2's token and accepted
        await().atMost(Duration.ofSeconds(15)).until(() -> app.api("GET", "/api/alarms/" + alarmId, null).json()
                .get("state").asText().equals("acknowledged"));
        TwilioSandbox.Received create = sandbox().received().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/Calls.json")
                        && r.form().get("To").contains("+14155550504")).findFirst().orElseThrow();
        assertThat(create.account()).isEqualTo(PLANT2_SID);
        assertThat(create.form().get("From")).containsExactly(PLANT2_FROM);
        assertThat(TwilioOpenApi.problems(create)).isEmpty();
    }
}
