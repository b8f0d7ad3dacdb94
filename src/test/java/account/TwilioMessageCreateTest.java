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

/**
 * POST /api/twilio/messages with every Message-create option, POST /api/messages with from, and the raw call with
 * the connector seed's own example path; what Callout sends is checked against Twilio's OpenAPI description.
 */
class TwilioMessageCreateTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static TwilioSandbox sandbox() {
        return TwilioOpenApi.sandbox(app);
    }

    private static TwilioSandbox.Received lastCreate() {
        List<TwilioSandbox.Received> r = sandbox().received().stream()
                .filter(x -> x.method().equals("POST") && x.path().endsWith("/Messages.json")).toList();
        return r.get(r.size() - 1);
    }

    @Test
    void should_send_every_message_create_option_to_twilio_as_its_parameters() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", "+14155550401");
        body.put("from", "Callout");
        body.put("body", "Tank 1 high");
        body.put("mediaUrl", List.of("https://example.com/a.png", "https://example.com/b.png"));
        body.put("validityPeriod", 600);
        body.put("maxPrice", "0.05");
        body.put("smartEncoded", true);
        body.put("provideFeedback", true);
        body.put("attempt", 2);
        body.put("applicationSid", "AP0123456789abcdef0123456789abcdef");
        Res r = app.api("POST", "/api/twilio/messages", body);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("sid").asText()).matches("SM[0-9a-f]{32}");
        assertThat(r.json().get("from").asText()).isEqualTo("Callout");
        assertThat(r.json().get("numMedia").asText()).isEqualTo("2");
        Map<String, List<String>> sent = lastCreate().form();
        assertThat(sent.get("To")).containsExactly("+14155550401");
        assertThat(sent.get("From")).containsExactly("Callout");
        assertThat(sent.get("Body")).containsExactly("Tank 1 high");
        assertThat(sent.get("MediaUrl")).containsExactly("https://example.com/a.png", "https://example.com/b.png");
        assertThat(sent.get("ValidityPeriod")).containsExactly("600");
        assertThat(sent.get("MaxPrice")).containsExactly("0.05");
        assertThat(sent.get("SmartEncoded")).containsExactly("true");
        assertThat(sent.get("ProvideFeedback")).containsExactly("true");
        assertThat(sent.get("Attempt")).containsExactly("2");
        assertThat(sent.get("ApplicationSid")).containsExactly("AP0123456789abcdef0123456789abcdef");
        assertThat(sent.get("StatusCallback")).containsExactly(app.url("/twilio/status/message/0"));
        assertThat(TwilioOpenApi.problems(lastCreate())).isEmpty();
    }

    @Test
    void should_send_through_a_messaging_service_without_from() {
        Res r = app.api("POST", "/api/twilio/messages", Map.of("to", "+14155550402", "body", "via service",
                "messagingServiceSid", "MG0123456789abcdef0123456789abcdef",
                "statusCallback", "https://hooks.example.com/status"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Map<String, List<String>> sent = lastCreate().form();
        assertThat(sent.get("MessagingServiceSid")).containsExactly("MG0123456789abcdef0123456789abcdef");
        assertThat(sent).doesNotContainKey("From");
        assertThat(sent.get("StatusCallback")).containsExactly("https://hooks.example.com/status");
    }

    @Test
    void should_default_from_to_callouts_number_and_count_the_message_in_statistics() {
        // the other tests' messages are counted first (their callbacks may still be on their way)
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            com.fasterxml.jackson.databind.JsonNode p = app.send("GET", "/sandbox/pending", null, Map.of()).json();
            return p.get("scheduled").asInt() == 0 && p.get("running").asInt() == 0;
        });
        long before = app.api("GET", "/api/stats", null).json().get("System/Gateway/Twilio/MessagesSent").asLong();
        Res r = app.api("POST", "/api/twilio/messages", Map.of("to", "+14155550403", "body", "hello"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("from").asText()).isEqualTo(Sandbox.FROM);
        await().atMost(Duration.ofSeconds(10)).until(() -> app.api("GET", "/api/stats", null).json()
                .get("System/Gateway/Twilio/MessagesSent").asLong() == before + 1);
    }

    @Test
    void should_answer_400_naming_the_field_for_each_bad_option() {
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("to", Map.of("body", "x"));
        cases.put("from", Map.of("to", "+14155550404", "body", "x", "from", "Too long sender"));
        cases.put("messagingServiceSid", Map.of("to", "+14155550404", "body", "x", "messagingServiceSid", "MG1"));
        cases.put("body", Map.of("to", "+14155550404"));
        cases.put("mediaUrl", Map.of("to", "+14155550404", "mediaUrl", "ftp://x/y.png"));
        cases.put("validityPeriod", Map.of("to", "+14155550404", "body", "x", "validityPeriod", 0));
        cases.put("maxPrice", Map.of("to", "+14155550404", "body", "x", "maxPrice", "0.123456"));
        cases.put("attempt", Map.of("to", "+14155550404", "body", "x", "attempt", 0));
        cases.put("applicationSid", Map.of("to", "+14155550404", "body", "x", "applicationSid", "AP12"));
        cases.put("statusCallback", Map.of("to", "+14155550404", "body", "x", "statusCallback", "nowhere"));
        cases.put("profile", Map.of("to", "+14155550404", "body", "x", "profile", "nosuch"));
        cases.forEach((field, body) -> {
            Res r = app.api("POST", "/api/twilio/messages", body);
            assertThat(r.status()).as(field + " " + r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).as(r.body()).isEqualTo(field);
        });
        Res tooMany = app.api("POST", "/api/twilio/messages", Map.of("to", "+14155550404",
                "mediaUrl", java.util.Collections.nCopies(11, "https://example.com/a.png")));
        assertThat(tooMany.json().get("field").asText()).isEqualTo("mediaUrl");
    }

    @Test
    void should_send_api_messages_from_the_given_number() {
        Res r = app.api("POST", "/api/messages", Map.of("to", "+14155550405", "from", "+15005550009",
                "body", "from another number"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(lastCreate().form().get("From")).containsExactly("+15005550009");
        assertThat(app.phone("+14155550405").get("messages").get(0).get("from").asText()).isEqualTo("+15005550009");
    }

    @Test
    void should_run_the_seeds_raw_call_example_as_written() {
        app.api("POST", "/api/twilio/messages", Map.of("to", "+14155550406", "body", "listed"));
        for (String path : List.of("2010-04-01/Accounts/{{accountSid}}/Messages.json",
                "/2010-04-01/Accounts/{AccountSid}/Messages.json")) {
            Res r = app.api("POST", "/api/twilio/request", Map.of("method", "GET", "path", path,
                    "query", Map.of("To", "+14155550406")));

            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
            JsonNode messages = r.json().get("messages");
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).get("body").asText()).isEqualTo("listed");
        }
    }

    @Test
    void should_send_only_requests_twilios_openapi_accepts() {
        app.api("POST", "/api/twilio/messages", Map.of("to", "+14155550407", "body", "checked",
                "mediaUrl", "https://example.com/c.png", "sendAsMms", true, "shortenUrls", false));
        app.api("GET", "/api/twilio/messages?to=%2B14155550407", null);

        assertThat(TwilioOpenApi.assertValid(sandbox(), "POST", "/Messages.json")).isPositive();
        assertThat(TwilioOpenApi.assertValid(sandbox(), "GET", "/Messages.json")).isPositive();
    }

    @Test
    void the_openapi_check_rejects_a_parameter_twilio_does_not_accept() {
        TwilioSandbox.Received bad = new TwilioSandbox.Received("POST",
                "/2010-04-01/Accounts/" + Sandbox.SID + "/Messages.json", Map.of(),
                Map.of("To", List.of("+14155550408"), "ApplicationSid", List.of("not-an-app")), Sandbox.SID, false);

        assertThat(TwilioOpenApi.problems(bad)).isNotEmpty();
    }
}
