package sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox's JSON checked against Twilio's own OpenAPI description. */
class SandboxContractTest {

    private static OpenApiInteractionValidator api2010;
    private static OpenApiInteractionValidator monitor;
    private static FakeCallout callout;
    private static TwilioSandbox sandbox;
    private static Api api;
    private static String callSid;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of(System.getProperty("callout.oai.dir", "src/test/resources/twilio-oai"));
        api2010 = OpenApiInteractionValidator
                .createForSpecificationUrl(dir.resolve("twilio_api_v2010.json").toUri().toString()).build();
        monitor = OpenApiInteractionValidator
                .createForSpecificationUrl(dir.resolve("twilio_monitor_v1.json").toUri().toString()).build();
        callout = new FakeCallout(Api.TOKEN);
        sandbox = Api.sandbox(callout.base());
        api = new Api(sandbox);
        // one call that records, transcribes, and then fails its next webhook: every resource kind exists
        api.json("PUT", "/phones/+12223334444", "{\"speech\":\"all good here\"}");
        callout.twiml.put("/voice/1", "<Response><Say>Hi</Say><Record action=\"/voice/broken\" transcribe=\"true\"/></Response>");
        callout.statuses.put("/voice/broken", 500);
        callSid = Api.body(api.post(Api.ACCOUNT + "/Calls.json", "To", "+12223334444", "From", Api.CALLOUT_NUMBER,
                "Url", callout.base() + "/voice/1")).get("sid").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> "completed".equals(
                api.getJson(Api.ACCOUNT + "/Calls/" + callSid + ".json").get("status").asText()));
    }

    @AfterAll
    static void close() {
        sandbox.close();
        callout.close();
    }

    private static void assertValid(OpenApiInteractionValidator validator, Request.Method method, String path,
                                    SandboxResponse r) {
        ValidationReport report = validator.validateResponse(path, method, SimpleResponse.Builder
                .status(r.status()).withContentType(r.contentType()).withBody(r.bodyText()).build());
        assertThat(report.getMessages()).as(path + " → " + r.bodyText()).isEmpty();
    }

    private static void assertValid2010(Request.Method method, String sandboxPath, SandboxResponse r) {
        assertValid(api2010, method, sandboxPath.substring("/twilio".length()), r);
    }

    @Test
    void message_create_fetch_and_list_match_the_spec() {
        SandboxResponse created = api.post(Api.ACCOUNT + "/Messages.json", "To", "+12223334444",
                "From", Api.CALLOUT_NUMBER, "Body", "Tank 1 high");
        String sid = Api.body(created).get("sid").asText();

        assertValid2010(Request.Method.POST, Api.ACCOUNT + "/Messages.json", created);
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Messages/" + sid + ".json",
                api.get(Api.ACCOUNT + "/Messages/" + sid + ".json"));
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Messages.json",
                api.get(Api.ACCOUNT + "/Messages.json", "PageSize", "1"));
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Messages/" + sid + "/Media.json",
                api.get(Api.ACCOUNT + "/Messages/" + sid + "/Media.json"));
    }

    @Test
    void call_create_fetch_and_list_match_the_spec() {
        SandboxResponse created = api.post(Api.ACCOUNT + "/Calls.json", "To", "+12223334444",
                "From", Api.CALLOUT_NUMBER, "Twiml", "<Response><Say>Hi</Say></Response>");

        assertValid2010(Request.Method.POST, Api.ACCOUNT + "/Calls.json", created);
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Calls/" + callSid + ".json",
                api.get(Api.ACCOUNT + "/Calls/" + callSid + ".json"));
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Calls.json", api.get(Api.ACCOUNT + "/Calls.json"));
    }

    @Test
    void recording_and_transcription_match_the_spec() {
        JsonNode list = api.getJson(Api.ACCOUNT + "/Recordings.json", "CallSid", callSid);
        String rec = list.get("recordings").get(0).get("sid").asText();
        String tr = api.getJson(Api.ACCOUNT + "/Recordings/" + rec + "/Transcriptions.json")
                .get("transcriptions").get(0).get("sid").asText();

        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Recordings.json", api.get(Api.ACCOUNT + "/Recordings.json"));
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Recordings/" + rec + ".json",
                api.get(Api.ACCOUNT + "/Recordings/" + rec + ".json"));
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Recordings/" + rec + "/Transcriptions.json",
                api.get(Api.ACCOUNT + "/Recordings/" + rec + "/Transcriptions.json"));
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Transcriptions.json",
                api.get(Api.ACCOUNT + "/Transcriptions.json"));
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Transcriptions/" + tr + ".json",
                api.get(Api.ACCOUNT + "/Transcriptions/" + tr + ".json"));
    }

    @Test
    void notification_matches_the_spec() {
        SandboxResponse list = api.get(Api.ACCOUNT + "/Notifications.json");
        String sid = Api.body(list).get("notifications").get(0).get("sid").asText();

        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Notifications.json", list);
        assertValid2010(Request.Method.GET, Api.ACCOUNT + "/Notifications/" + sid + ".json",
                api.get(Api.ACCOUNT + "/Notifications/" + sid + ".json"));
    }

    @Test
    void alert_and_alert_list_match_the_monitor_spec() {
        SandboxResponse list = api.get("/twilio/v1/Alerts", "LogLevel", "error", "PageSize", "10");
        String sid = Api.body(list).get("alerts").get(0).get("sid").asText();

        assertValid(monitor, Request.Method.GET, "/v1/Alerts", list);
        assertValid(monitor, Request.Method.GET, "/v1/Alerts/" + sid, api.get("/twilio/v1/Alerts/" + sid));
        assertThat(Api.body(list).get("meta").get("url").asText())
                .isEqualTo("https://monitor.twilio.com/v1/Alerts?LogLevel=error&PageSize=10&Page=0");
    }

    @Test
    void error_bodies_have_twilios_fields() {
        // Twilio's description declares no error responses; the body is checked field by field
        SandboxResponse unauthorized = new Api(sandbox, "x:y").get(Api.ACCOUNT + "/Calls.json");
        SandboxResponse missing = api.get(Api.ACCOUNT + "/Calls/CA00000000000000000000000000000000.json");
        SandboxResponse invalid = api.post(Api.ACCOUNT + "/Calls.json", "To", "+0", "From", Api.CALLOUT_NUMBER,
                "Url", "http://x/y");

        for (SandboxResponse r : List.of(unauthorized, missing, invalid)) {
            JsonNode b = Api.body(r);
            List<String> names = new java.util.ArrayList<>();
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            assertThat(names).containsExactly("code", "message", "more_info", "status");
            assertThat(b.get("status").asInt()).isEqualTo(r.status());
            assertThat(b.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/" + b.get("code").asInt());
            assertThat(r.contentType()).isEqualTo("application/json");
        }
        assertThat(List.of(unauthorized.status(), missing.status(), invalid.status())).containsExactly(401, 404, 400);
        assertThat(List.of(Api.body(unauthorized).get("code").asInt(), Api.body(missing).get("code").asInt(),
                Api.body(invalid).get("code").asInt())).containsExactly(20003, 20404, 21211);
    }
}
