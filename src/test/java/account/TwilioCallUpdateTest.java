package account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sandbox.TwilioSandbox;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.TwilioOpenApi;

/** The remaining call-create options and POST /api/twilio/calls/{sid} (update a live call) against the sandbox. */
class TwilioCallUpdateTest {

    /** A call that stays live: the sandbox holds a Pause for its length in step delays (600 x 20 ms). */
    static final String HOLD = "<Response><Say>Please hold</Say><Pause length=\"600\"/></Response>";
    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static TwilioSandbox.Received lastCallCreate() {
        List<TwilioSandbox.Received> r = TwilioOpenApi.sandbox(app).received().stream()
                .filter(x -> x.method().equals("POST") && x.path().endsWith("/Calls.json")).toList();
        return r.get(r.size() - 1);
    }

    private static String liveCall(String to) {
        app.setPhone(to, Map.of("answer", "answer"));
        Res r = app.api("POST", "/api/twilio/calls", Map.of("to", to, "twiml", HOLD));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String sid = r.json().get("sid").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(sid).equals("in-progress"));
        return sid;
    }

    private static String status(String sid) {
        return app.api("GET", "/api/twilio/calls/" + sid, null).json().get("status").asText();
    }

    private static JsonNode phoneCall(String number, String sid) {
        for (JsonNode c : app.phone(number).get("calls")) {
            if (c.get("sid").asText().equals(sid)) {
                return c;
            }
        }
        throw new AssertionError("no call " + sid);
    }

    @Test
    void should_send_the_remaining_create_options_as_twilios_parameters() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", "+14155550601");
        body.put("twiml", "<Response><Say>Hi</Say></Response>");
        body.put("callerId", "+14155550699");
        body.put("trim", "do-not-trim");
        body.put("record", true);
        body.put("machineDetection", "Enable");
        body.put("asyncAmd", true);
        body.put("asyncAmdStatusCallback", app.url("/twilio/status/call/0"));
        body.put("statusCallbackEvent", List.of("initiated", "answered", "completed"));
        body.put("byoc", "BY0123456789abcdef0123456789abcdef");
        Res r = app.api("POST", "/api/twilio/calls", body);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Map<String, List<String>> sent = lastCallCreate().form();
        assertThat(sent.get("CallerId")).containsExactly("+14155550699");
        assertThat(sent.get("Trim")).containsExactly("do-not-trim");
        assertThat(sent.get("AsyncAmd")).containsExactly("true");
        assertThat(sent.get("AsyncAmdStatusCallback")).containsExactly(app.url("/twilio/status/call/0"));
        assertThat(sent.get("StatusCallbackEvent")).containsExactly("initiated", "answered", "completed");
        assertThat(sent.get("Byoc")).containsExactly("BY0123456789abcdef0123456789abcdef");
        assertThat(sent.get("MachineDetection")).containsExactly("Enable");
        assertThat(TwilioOpenApi.problems(lastCallCreate())).isEmpty();
    }

    @Test
    void should_place_a_call_handled_by_an_application() {
        Res r = app.api("POST", "/api/twilio/calls", Map.of("to", "+14155550602",
                "applicationSid", "AP0123456789abcdef0123456789abcdef"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(lastCallCreate().form().get("ApplicationSid")).containsExactly("AP0123456789abcdef0123456789abcdef");
        assertThat(lastCallCreate().form()).doesNotContainKeys("Url", "Twiml");
    }

    @Test
    void should_answer_400_naming_the_field_for_each_bad_create_option() {
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("url", Map.of("to", "+14155550603", "twiml", "<Response/>",
                "applicationSid", "AP0123456789abcdef0123456789abcdef"));
        cases.put("applicationSid", Map.of("to", "+14155550603", "applicationSid", "AP1"));
        cases.put("callerId", Map.of("to", "+14155550603", "twiml", "<Response/>", "callerId", "me"));
        cases.put("trim", Map.of("to", "+14155550603", "twiml", "<Response/>", "trim", "cut"));
        cases.put("byoc", Map.of("to", "+14155550603", "twiml", "<Response/>", "byoc", "BY1"));
        cases.put("statusCallbackEvent", Map.of("to", "+14155550603", "twiml", "<Response/>",
                "statusCallbackEvent", List.of("answered", "hungup")));
        cases.put("asyncAmd", Map.of("to", "+14155550603", "twiml", "<Response/>", "asyncAmd", true));
        cases.forEach((field, body) -> {
            Res r = app.api("POST", "/api/twilio/calls", body);
            assertThat(r.status()).as(field + " " + r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).as(r.body()).isEqualTo(field);
        });
    }

    @Test
    void should_redirect_a_live_call_to_new_twiml() {
        String sid = liveCall("+14155550604");

        Res r = app.api("POST", "/api/twilio/calls/" + sid,
                Map.of("twiml", "<Response><Say>Redirected to the control room</Say></Response>"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(sid).equals("completed"));
        assertThat(phoneCall("+14155550604", sid).get("transcript").toString())
                .contains("Please hold").contains("Redirected to the control room");
    }

    @Test
    void should_redirect_a_live_call_to_a_url_the_sandbox_fetches() {
        String sid = liveCall("+14155550605");

        Res r = app.api("POST", "/api/twilio/calls/" + sid, Map.of("url", app.url("/twilio/voice/inbound/0")));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(sid).equals("completed"));
        TwilioSandbox.Received update = TwilioOpenApi.sandbox(app).received().stream()
                .filter(x -> x.path().endsWith("/Calls/" + sid + ".json") && x.method().equals("POST"))
                .findFirst().orElseThrow();
        assertThat(update.form().get("Url")).containsExactly(app.url("/twilio/voice/inbound/0"));
        assertThat(phoneCall("+14155550605", sid).get("transcript").size()).isGreaterThan(2);
        assertThat(TwilioOpenApi.problems(update)).isEmpty();
    }

    @Test
    void should_hang_up_a_live_call_with_status_completed() {
        String sid = liveCall("+14155550606");

        Res r = app.api("POST", "/api/twilio/calls/" + sid, Map.of("status", "completed"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(sid).equals("completed"));
        assertThat(phoneCall("+14155550606", sid).get("transcript").toString()).doesNotContain("Redirected");
    }

    @Test
    void should_leave_an_answered_call_up_on_cancel_and_refuse_to_update_an_ended_one() {
        String sid = liveCall("+14155550607");

        Res cancel = app.api("POST", "/api/twilio/calls/" + sid, Map.of("status", "canceled"));
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(status(sid)).isEqualTo("in-progress");

        app.api("POST", "/api/twilio/calls/" + sid, Map.of("status", "completed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(sid).equals("completed"));
        Res late = app.api("POST", "/api/twilio/calls/" + sid, Map.of("twiml", "<Response/>"));
        assertThat(late.status()).as(late.body()).isEqualTo(400);
        assertThat(late.json().get("code").asInt()).isEqualTo(21220);
    }

    @Test
    void should_answer_400_for_an_update_without_exactly_one_change() {
        Res none = app.api("POST", "/api/twilio/calls/CA0123456789abcdef0123456789abcdef", Map.of());
        Res badStatus = app.api("POST", "/api/twilio/calls/CA0123456789abcdef0123456789abcdef",
                Map.of("status", "busy"));

        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("field").asText()).isEqualTo("url");
        assertThat(badStatus.json().get("field").asText()).isEqualTo("status");
    }
}
