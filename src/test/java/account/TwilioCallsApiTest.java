package account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;

/** /api/twilio/calls, recordings, transcriptions and alerts through camel-twilio, the SDK and the sandbox. */
class TwilioCallsApiTest {

    static final String RECORD_TWIML = "<Response><Say>Leave a message</Say><Record transcribe=\"true\"/></Response>";
    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
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

    private static String call(Map<String, Object> body) {
        Res r = app.api("POST", "/api/twilio/calls", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("sid").asText();
    }

    private static JsonNode completed(String sid) {
        await().atMost(Duration.ofSeconds(15)).until(
                () -> app.api("GET", "/api/twilio/calls/" + sid, null).json().get("status").asText(),
                s -> s.equals("completed") || s.equals("busy") || s.equals("failed") || s.equals("no-answer"));
        return app.api("GET", "/api/twilio/calls/" + sid, null).json();
    }

    /** A call answered by a phone that speaks, whose TwiML records and transcribes: its recording's SID. */
    private static String recordedCall(String to) {
        app.setPhone(to, Map.of("answer", "answer", "speech", "hello from the tank"));
        String callSid = call(Map.of("to", to, "twiml", RECORD_TWIML));
        completed(callSid);
        await().atMost(Duration.ofSeconds(15)).until(
                () -> app.api("GET", "/api/twilio/recordings?callSid=" + callSid, null).json().size() == 1);
        return app.api("GET", "/api/twilio/recordings?callSid=" + callSid, null).json().get(0).get("sid").asText();
    }

    @Test
    void should_place_a_call_with_twiml_and_defaults_then_get_it() {
        app.setPhone("+14155550301", Map.of("answer", "answer"));
        Res r = app.api("POST", "/api/twilio/calls", Map.of("to", "+14155550301",
                "twiml", "<Response><Say>Hello operator</Say></Response>", "timeout", 20, "sendDigits", "12#"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode created = r.json();
        assertThat(created.get("sid").asText()).matches("CA[0-9a-f]{32}");
        assertThat(created.get("to").asText()).isEqualTo("+14155550301");
        assertThat(created.get("from").asText()).isEqualTo(Sandbox.FROM);
        assertThat(created.get("status").asText()).isEqualTo("queued");
        JsonNode done = completed(created.get("sid").asText());
        assertThat(done.get("status").asText()).isEqualTo("completed");
        JsonNode phone = app.phone("+14155550301").get("calls").get(0);
        assertThat(phone.get("transcript").get(0).asText()).isEqualTo("Hello operator");
    }

    @Test
    void should_count_a_call_placed_through_the_api_in_the_user_statistics() {
        Res user = app.api("POST", "/api/users", Map.of("username", "stats-call", "phone", "+14155550361"));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        app.setPhone("+14155550361", Map.of("answer", "answer"));
        String sid = call(Map.of("to", "+14155550361", "twiml", "<Response><Say>Counted</Say></Response>"));
        completed(sid);
        String stats = "/api/users/" + user.json().get("id").asText() + "/stats";
        await().atMost(Duration.ofSeconds(10)).until(() -> app.api("GET", stats, null).json().get("callsSent").asInt() == 1);
    }

    @Test
    void should_place_a_call_that_fetches_its_twiml_from_url() {
        app.setPhone("+14155550302", Map.of("answer", "answer"));
        String sid = call(Map.of("to", "+14155550302", "url", app.url("/sandbox/none"), "record", true,
                "machineDetection", "Enable", "statusCallback", app.url("/twilio/status/call/0")));
        assertThat(completed(sid).get("status").asText()).isIn("completed", "failed");
    }

    @Test
    void should_reject_bad_call_requests_with_the_field() {
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("to", "+14155550303");
        both.put("url", "http://example.com/x");
        both.put("twiml", "<Response/>");
        assertThat(app.api("POST", "/api/twilio/calls", both).json().get("field").asText()).isEqualTo("url");
        Res badTo = app.api("POST", "/api/twilio/calls", Map.of("to", "555-1234", "twiml", "<Response/>"));
        assertThat(badTo.status()).isEqualTo(400);
        assertThat(badTo.json().get("field").asText()).isEqualTo("to");
        Res badTimeout = app.api("POST", "/api/twilio/calls",
                Map.of("to", "+14155550303", "twiml", "<Response/>", "timeout", 0));
        assertThat(badTimeout.json().get("field").asText()).isEqualTo("timeout");
        Res unknown = app.api("POST", "/api/twilio/calls", Map.of("to", "+14155550303", "twiml", "<Response/>",
                "colour", "red"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").asText()).isEqualTo("colour");
    }

    @Test
    void should_list_calls_by_to_from_status_and_parent_with_limit() {
        app.setPhone("+14155550311", Map.of("answer", "answer"));
        app.setPhone("+14155550312", Map.of("answer", "busy"));
        String a = call(Map.of("to", "+14155550311", "twiml", "<Response><Hangup/></Response>"));
        String b = call(Map.of("to", "+14155550311", "twiml", "<Response><Hangup/></Response>"));
        String c = call(Map.of("to", "+14155550312", "twiml", "<Response><Hangup/></Response>"));
        completed(a);
        completed(b);
        assertThat(completed(c).get("status").asText()).isEqualTo("busy");

        assertThat(sids(app.api("GET", "/api/twilio/calls?to=%2B14155550311", null).json())).containsExactly(b, a);
        assertThat(sids(app.api("GET", "/api/twilio/calls?to=%2B14155550311&limit=1", null).json()))
                .containsExactly(b);
        assertThat(sids(app.api("GET", "/api/twilio/calls?to=%2B14155550312&status=busy", null).json()))
                .containsExactly(c);
        assertThat(app.api("GET", "/api/twilio/calls?to=%2B14155550312&status=completed", null).json()).isEmpty();
        assertThat(sids(app.api("GET", "/api/twilio/calls?from=%2B15005550006&to=%2B14155550312", null).json()))
                .containsExactly(c);
        assertThat(app.api("GET", "/api/twilio/calls?parentCallSid=" + a, null).json()).isEmpty();
        Res badStatus = app.api("GET", "/api/twilio/calls?status=sleeping", null);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("field").asText()).isEqualTo("status");
    }

    @Test
    void should_delete_a_call_then_answer_404_with_twilio_code() {
        String sid = call(Map.of("to", "+14155550321", "twiml", "<Response><Hangup/></Response>"));
        completed(sid);
        assertThat(app.api("DELETE", "/api/twilio/calls/" + sid, null).status()).isEqualTo(204);
        Res gone = app.api("GET", "/api/twilio/calls/" + sid, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("code").asInt()).isEqualTo(20404);
    }

    @Test
    void should_list_get_and_download_recordings_as_wav_and_mp3() throws Exception {
        String rec = recordedCall("+14155550331");
        JsonNode got = app.api("GET", "/api/twilio/recordings/" + rec, null).json();
        assertThat(got.get("sid").asText()).isEqualTo(rec);
        assertThat(got.get("callSid").asText()).matches("CA[0-9a-f]{32}");
        assertThat(sids(app.api("GET", "/api/twilio/recordings?limit=1", null).json())).hasSize(1);
        assertThat(app.api("GET", "/api/twilio/recordings?conferenceSid=CF" + "0".repeat(32), null).json())
                .isEmpty();

        HttpResponse<byte[]> wav = download("/api/twilio/recordings/" + rec + "/media?format=wav");
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(wav.headers().firstValue("Content-Type")).hasValue("audio/x-wav");
        assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(wav.body(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");

        HttpResponse<byte[]> dflt = download("/api/twilio/recordings/" + rec + "/media");
        assertThat(dflt.headers().firstValue("Content-Type")).hasValue("audio/x-wav");

        HttpResponse<byte[]> mp3 = download("/api/twilio/recordings/" + rec + "/media?format=mp3");
        assertThat(mp3.statusCode()).isEqualTo(200);
        assertThat(mp3.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(mp3.body().length).isGreaterThan(0);

        assertThat(app.api("GET", "/api/twilio/recordings/" + rec + "/media?format=ogg", null).json()
                .get("field").asText()).isEqualTo("format");
        Res missing = app.api("GET", "/api/twilio/recordings/RE" + "0".repeat(32) + "/media", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asInt()).isEqualTo(20404);
    }

    @Test
    void should_list_transcriptions_and_those_of_a_recording() {
        String rec = recordedCall("+14155550341");
        JsonNode ofRecording = app.api("GET", "/api/twilio/recordings/" + rec + "/transcriptions", null).json();
        assertThat(ofRecording).hasSize(1);
        assertThat(ofRecording.get(0).get("recordingSid").asText()).isEqualTo(rec);
        assertThat(ofRecording.get(0).get("transcriptionText").asText()).isEqualTo("hello from the tank");
        String tr = ofRecording.get(0).get("sid").asText();
        assertThat(sids(app.api("GET", "/api/twilio/transcriptions?limit=1000", null).json())).contains(tr);
        assertThat(sids(app.api("GET", "/api/twilio/transcriptions?limit=1", null).json())).hasSize(1);
    }

    @Test
    void should_list_alerts_after_a_webhook_failure_with_filters() {
        app.setPhone("+14155550351", Map.of("answer", "answer"));
        String sid = call(Map.of("to", "+14155550351", "url", app.url("/no/such/twiml")));
        completed(sid);
        await().atMost(Duration.ofSeconds(10)).until(() -> alertFor(sid, "") != null);
        JsonNode alert = alertFor(sid, "");
        assertThat(alert.get("errorCode").asText()).isEqualTo("11200");
        assertThat(alert.get("logLevel").asText()).isEqualTo("error");
        assertThat(alert.get("requestUrl").asText()).isEqualTo(app.url("/no/such/twiml"));
        assertThat(alert.get("sid").asText()).matches("NO[0-9a-f]{32}");

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(alertFor(sid, "&logLevel=error&startDate=" + today + "&endDate=" + today)).isNotNull();
        assertThat(alertFor(sid, "&logLevel=warning")).isNull();
        assertThat(alertFor(sid, "&endDate=2020-01-01")).isNull();
        assertThat(app.api("GET", "/api/twilio/alerts?limit=1", null).json()).hasSize(1);
        assertThat(app.api("GET", "/api/twilio/alerts?startDate=yesterday", null).json().get("field").asText())
                .isEqualTo("startDate");
    }

    private static JsonNode alertFor(String callSid, String filters) {
        Res r = app.api("GET", "/api/twilio/alerts?limit=1000" + filters, null);
        assertThat(r.json().isArray()).as(r.body()).isTrue();
        for (JsonNode a : r.json()) {
            if (callSid.equals(a.get("resourceSid").asText())) {
                return a;
            }
        }
        return null;
    }

    private static HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.url(path)))
                .header("Authorization", "Bearer " + CalloutApp.TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
