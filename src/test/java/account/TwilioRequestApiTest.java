package account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;

/** POST /api/twilio/request: relayed to the sandbox with the account's auth, the answer passed through unchanged. */
class TwilioRequestApiTest {

    static final String MESSAGES = "/2010-04-01/Accounts/" + Sandbox.SID + "/Messages.json";
    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of());
        var client = Sandbox.client(app);
        for (int i = 0; i < 3; i++) {
            Sandbox.sms(client, Sandbox.FROM, "+14155550401", "relay " + i);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> sandboxDirect(String pathAndQuery) throws Exception {
        String auth = Base64.getEncoder().encodeToString((Sandbox.SID + ":" + Sandbox.TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.url("/sandbox/twilio"
                + pathAndQuery))).header("Authorization", "Basic " + auth).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_relay_a_get_and_return_twilios_json_unchanged() throws Exception {
        // the messages may still be changing status (queued -> sent -> delivered): compare once they settled
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            Res relayed = app.api("POST", "/api/twilio/request",
                    Map.of("method", "GET", "path", MESSAGES, "query", Map.of("PageSize", 2)));
            HttpResponse<String> direct = sandboxDirect(MESSAGES + "?PageSize=2");
            assertThat(relayed.status()).isEqualTo(200);
            assertThat(relayed.raw().headers().firstValue("Content-Type"))
                    .isEqualTo(direct.headers().firstValue("Content-Type"));
            assertThat(relayed.body()).isEqualTo(direct.body());
        });
        Res r = app.api("POST", "/api/twilio/request",
                Map.of("method", "GET", "path", MESSAGES, "query", Map.of("PageSize", 2)));
        assertThat(r.json().get("messages")).hasSize(2);
        assertThat(r.json().get("next_page_uri").asText()).startsWith("/2010-04-01/Accounts/" + Sandbox.SID
                + "/Messages.json?PageSize=2&Page=1");
    }

    @Test
    void should_relay_a_form_post_and_twilios_errors_unchanged() {
        Res created = app.api("POST", "/api/twilio/request", Map.of("method", "POST", "path", MESSAGES,
                "body", Map.of("To", "+14155550402", "From", Sandbox.FROM, "Body", "raw & relayed")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("body").asText()).isEqualTo("raw & relayed");
        assertThat(created.json().get("to").asText()).isEqualTo("+14155550402");

        Res bad = app.api("POST", "/api/twilio/request", Map.of("method", "POST", "path", MESSAGES,
                "body", Map.of("To", "12", "From", Sandbox.FROM, "Body", "x")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("code").asInt()).isEqualTo(21211);

        Res missing = app.api("POST", "/api/twilio/request",
                Map.of("path", "/2010-04-01/Accounts/" + Sandbox.SID + "/Messages/SM" + "0".repeat(32) + ".json"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asInt()).isEqualTo(20404);
        assertThat(missing.json().has("status")).isTrue();
    }

    @Test
    void should_relay_to_the_monitor_domain_with_list_query_values() {
        Res r = app.api("POST", "/api/twilio/request", Map.of("domain", "monitor", "path", "/v1/Alerts",
                "query", Map.of("PageSize", List.of(5))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("meta").get("page_size").asInt()).isEqualTo(5);
    }

    @Test
    void should_refuse_paths_that_are_not_twilio_api_paths() {
        // a path without its leading slash is the seed's own form and accepted (TwilioMessageCreateTest)
        for (String path : List.of("//evil.example.com/x", "http://evil.example.com/x", "2010-04-01/../x",
                "/2010-04-01/../../x", "/a/%2e%2e/b", "/x?y=1", "/x#y", "/x y", "@evil.example.com/x")) {
            Res r = app.api("POST", "/api/twilio/request", Map.of("path", path));
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.json().get("field").asText()).as(path).isEqualTo("path");
        }
        Res domain = app.api("POST", "/api/twilio/request", Map.of("path", "/v1/Alerts", "domain", "evil.com/"));
        assertThat(domain.json().get("field").asText()).isEqualTo("domain");
        Res method = app.api("POST", "/api/twilio/request", Map.of("path", "/v1/Alerts", "method", "TRACE"));
        assertThat(method.json().get("field").asText()).isEqualTo("method");
    }
}
