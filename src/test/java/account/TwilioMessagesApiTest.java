package account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.http.TwilioRestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;

/** /api/twilio/messages through camel-twilio and the sandbox over HTTP. */
class TwilioMessagesApiTest {

    static CalloutApp app;
    static TwilioRestClient sandbox;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
        sandbox = Sandbox.client(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static List<String> sids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(m -> out.add(m.get("sid").asText()));
        return out;
    }

    @Test
    void should_list_messages_filtered_by_to_and_from_newest_first() {
        String a = Sandbox.sms(sandbox, Sandbox.FROM, "+14155550201", "one");
        String b = Sandbox.sms(sandbox, "+14155550299", "+14155550201", "two");
        String c = Sandbox.sms(sandbox, Sandbox.FROM, "+14155550202", "three");

        Res to = app.api("GET", "/api/twilio/messages?to=%2B14155550201", null);
        assertThat(to.status()).as(to.body()).isEqualTo(200);
        assertThat(sids(to.json())).containsExactly(b, a);

        Res from = app.api("GET", "/api/twilio/messages?from=%2B14155550299", null);
        assertThat(sids(from.json())).containsExactly(b);

        Res both = app.api("GET", "/api/twilio/messages?to=%2B14155550202&from=%2B15005550006", null);
        assertThat(sids(both.json())).containsExactly(c);
        JsonNode m = both.json().get(0);
        assertThat(m.get("to").asText()).isEqualTo("+14155550202");
        assertThat(m.get("from").asText()).isEqualTo("+15005550006");
        assertThat(m.get("body").asText()).isEqualTo("three");
        assertThat(m.get("accountSid").asText()).isEqualTo(Sandbox.SID);
        assertThat(m.get("direction").asText()).isEqualTo("outbound-api");
        assertThat(m.get("dateCreated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void should_accept_an_unencoded_plus_in_the_number_filter() {
        String a = Sandbox.sms(sandbox, Sandbox.FROM, "+14155550211", "plus");
        Res r = app.api("GET", "/api/twilio/messages?to=+14155550211", null);
        assertThat(sids(r.json())).containsExactly(a);
    }

    @Test
    void should_page_past_one_twilio_page_up_to_limit() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            created.add(0, Sandbox.sms(sandbox, Sandbox.FROM, "+14155550220", "paging " + i));
        }
        Res all = app.api("GET", "/api/twilio/messages?to=%2B14155550220&limit=1000", null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(sids(all.json())).containsExactlyElementsOf(created);

        Res small = app.api("GET", "/api/twilio/messages?to=%2B14155550220&limit=5&pageSize=2", null);
        assertThat(sids(small.json())).containsExactlyElementsOf(created.subList(0, 5));

        Res limited = app.api("GET", "/api/twilio/messages?to=%2B14155550220&limit=3", null);
        assertThat(sids(limited.json())).containsExactlyElementsOf(created.subList(0, 3));
    }

    @Test
    void should_get_then_delete_then_answer_404_with_twilio_code() {
        String sid = Sandbox.sms(sandbox, Sandbox.FROM, "+14155550230", "delete me");
        Res got = app.api("GET", "/api/twilio/messages/" + sid, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("sid").asText()).isEqualTo(sid);
        assertThat(got.json().get("body").asText()).isEqualTo("delete me");

        Res deleted = app.api("DELETE", "/api/twilio/messages/" + sid, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();

        Res gone = app.api("GET", "/api/twilio/messages/" + sid, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("code").asInt()).isEqualTo(20404);
        assertThat(gone.json().get("twilioStatus").asInt()).isEqualTo(404);
        assertThat(gone.json().get("error").asText()).isEqualTo("The requested resource /2010-04-01/Accounts/"
                + Sandbox.SID + "/Messages/" + sid + ".json was not found");

        Res again = app.api("DELETE", "/api/twilio/messages/" + sid, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("code").asInt()).isEqualTo(20404);
    }

    @Test
    void should_list_media_of_a_message() {
        String sid = Sandbox.sms(sandbox, Sandbox.FROM, "+14155550240", "no media");
        Res r = app.api("GET", "/api/twilio/messages/" + sid + "/media", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().isArray()).isTrue();
        assertThat(r.json()).isEmpty();
    }

    @Test
    void should_list_the_media_a_message_was_sent_with() {
        String sid = com.twilio.rest.api.v2010.account.Message.creator(
                new com.twilio.type.PhoneNumber("+14155550241"), new com.twilio.type.PhoneNumber(Sandbox.FROM),
                List.of(java.net.URI.create("https://example.com/tank.png"),
                        java.net.URI.create("https://example.com/trend.jpg")))
                .setBody("pictures").create(sandbox).getSid();
        Res r = app.api("GET", "/api/twilio/messages/" + sid + "/media", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).hasSize(2);
        assertThat(r.json().get(0).get("sid").asText()).matches("ME[0-9a-f]{32}");
        assertThat(r.json().get(0).get("parentSid").asText()).isEqualTo(sid);
        assertThat(r.json().get(0).get("contentType").asText()).isEqualTo("image/png");
        assertThat(r.json().get(1).get("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(app.api("GET", "/api/twilio/messages/" + sid, null).json().get("numMedia").asText()).isEqualTo("2");
        assertThat(app.api("GET", "/api/twilio/messages/" + sid + "/media?limit=1", null).json()).hasSize(1);
    }

    @Test
    void should_answer_502_with_twilios_code_when_twilio_keeps_failing() {
        app.send("PUT", "/sandbox/faults", Map.of("rate", 1.0, "status", 503), Map.of());
        try {
            Res r = app.api("GET", "/api/twilio/messages?limit=1", null);
            assertThat(r.status()).as(r.body()).isEqualTo(502);
            assertThat(r.json().get("code").asInt()).isEqualTo(20500);
            assertThat(r.json().get("twilioStatus").asInt()).isEqualTo(503);
            assertThat(r.json().get("error").asText()).isEqualTo("Service Unavailable");
        } finally {
            app.send("PUT", "/sandbox/faults", Map.of("rate", 0, "status", 503), Map.of());
        }
    }

    @Test
    void should_leave_the_watchers_stopped_by_default() {
        for (String kind : List.of("messages", "calls", "recordings", "transcriptions", "alerts")) {
            assertThat(app.context().getRouteController().getRouteStatus("twilio-watch-" + kind))
                    .as(kind).isEqualTo(org.apache.camel.ServiceStatus.Stopped);
        }
        assertThat(app.context().getRouteController().getRouteStatus("twilio-message-event"))
                .isEqualTo(org.apache.camel.ServiceStatus.Started);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            Res health = app.send("GET", "/observe/health", null, Map.of());
            assertThat(health.status()).as(health.body()).isEqualTo(200);
        });
    }

    @Test
    void should_reject_bad_sid_limit_and_missing_token() {
        Res badSid = app.api("GET", "/api/twilio/messages/nope", null);
        assertThat(badSid.status()).isEqualTo(400);
        assertThat(badSid.json().get("field").asText()).isEqualTo("sid");

        Res badLimit = app.api("GET", "/api/twilio/messages?limit=0", null);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().get("field").asText()).isEqualTo("limit");

        Res noToken = app.send("GET", "/api/twilio/messages", null, Map.of());
        assertThat(noToken.status()).isEqualTo(401);
    }
}
