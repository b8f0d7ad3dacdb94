package sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.SandboxRoute;
import twilio.BaseUrlHttpClient;

/** The sandbox behind Camel's platform-http, as Callout serves it. */
class SandboxRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString((Api.SID + ":" + Api.TOKEN).getBytes(StandardCharsets.UTF_8));
    private static CamelContext camel;
    private static TwilioSandbox sandbox;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        sandbox = Api.sandbox(base);
        camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        camel.addService(new VertxPlatformHttpServer(conf));
        camel.getRegistry().bind("twilioSandbox", sandbox);
        camel.addRoutes(new SandboxRoute());
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        sandbox.close();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return HTTP.send(b.header("Authorization", AUTH).header("X-Probe", "echo?").build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void should_create_and_filter_messages_over_http_without_echoing_headers() throws Exception {
        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(URI.create(base + "/sandbox" + Api.ACCOUNT + "/Messages.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("To=%2B12223334444&From=%2B15005550006&Body=a+b%26c")));
        HttpResponse<byte[]> listed = send(HttpRequest.newBuilder(URI.create(base + "/sandbox" + Api.ACCOUNT
                + "/Messages.json?To=%2B12223334444&PageSize=1")).GET());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(created.headers().firstValue("Content-Length")).hasValue(String.valueOf(created.body().length));
        assertThat(created.headers().firstValue("X-Probe")).isEmpty();
        assertThat(created.headers().firstValue("Authorization")).isEmpty();
        assertThat(created.headers().firstValue("To")).isEmpty();
        JsonNode msg = JSON.readTree(created.body());
        assertThat(msg.get("body").asText()).isEqualTo("a b&c");
        assertThat(msg.get("to").asText()).isEqualTo("+12223334444");
        JsonNode page = JSON.readTree(listed.body());
        assertThat(page.get("messages").get(0).get("sid").asText()).isEqualTo(msg.get("sid").asText());
        assertThat(listed.headers().firstValue("To")).isEmpty();
    }

    @Test
    void should_configure_and_read_a_phone_with_encoded_plus() throws Exception {
        HttpResponse<byte[]> put = send(HttpRequest.newBuilder(URI.create(base + "/sandbox/phones/%2B14445556666"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"answer\":\"no-answer\"}")));
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox" + Api.ACCOUNT + "/Calls.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("To=%2B14445556666&From=%2B15005550006&Twiml=%3CResponse%2F%3E")));

        assertThat(put.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(send(HttpRequest.newBuilder(
                URI.create(base + "/sandbox/phones/+14445556666")).GET()).body())
                .path("calls").path(0).path("status").asText().equals("no-answer"));
    }

    @Test
    void should_serve_recording_audio_bytes() throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox" + Api.ACCOUNT + "/Calls.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "To=%2B15556667777&From=%2B15005550006&Twiml=%3CResponse%3E%3CRecord%2F%3E%3C%2FResponse%3E")));
        await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(send(HttpRequest.newBuilder(
                URI.create(base + "/sandbox" + Api.ACCOUNT + "/Recordings.json")).GET()).body())
                .path("recordings").size() > 0);
        String rec = JSON.readTree(send(HttpRequest.newBuilder(
                URI.create(base + "/sandbox" + Api.ACCOUNT + "/Recordings.json")).GET()).body())
                .path("recordings").path(0).path("sid").asText();

        HttpResponse<byte[]> wav = send(HttpRequest.newBuilder(
                URI.create(base + "/sandbox" + Api.ACCOUNT + "/Recordings/" + rec + ".wav")).GET());

        assertThat(wav.headers().firstValue("Content-Type")).hasValue("audio/x-wav");
        assertThat(wav.body()).hasSize(44 + 8000);
        assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    }

    @Test
    void should_serve_the_sdk_through_the_route() {
        TwilioRestClient client = new TwilioRestClient.Builder(Api.SID, Api.TOKEN).accountSid(Api.SID)
                .httpClient(new BaseUrlHttpClient(() -> base + "/sandbox/twilio")).build();
        PhoneNumber to = new PhoneNumber("+16667778888");
        for (int i = 0; i < 3; i++) {
            Message.creator(to, new PhoneNumber(Api.CALLOUT_NUMBER), "sdk " + i).create(client);
        }

        List<Message> read = StreamSupport.stream(Message.reader().setTo(to).pageSize(2).read(client).spliterator(), false)
                .toList();

        assertThat(read).extracting(Message::getBody).containsExactly("sdk 2", "sdk 1", "sdk 0");
    }

    @Test
    void should_deliver_a_phone_sms_to_callout_through_http() throws Exception {
        // Callout is not running here: the webhook fails, the sandbox says so and records an alert
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "/sandbox/phones/%2B17778889999/sms"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"1234\"}")));

        JsonNode answer = JSON.readTree(r.body());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(answer.get("status").asInt()).isEqualTo(404);
        assertThat(answer.get("messages")).isEmpty();
    }

    @Test
    void should_refuse_phone_settings_sent_as_a_form() throws Exception {
        // what curl -d sends without a Content-Type: the settings would be silently ignored ('+' read as space)
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "/sandbox/phones/%2B17778889999"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"digits\":\"4321#\"}")));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("application/json");
        HttpResponse<byte[]> ok = send(HttpRequest.newBuilder(URI.create(base + "/sandbox/phones/%2B17778889999"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"digits\":\"4321#\"}")));
        assertThat(ok.statusCode()).isEqualTo(200);
    }
}
