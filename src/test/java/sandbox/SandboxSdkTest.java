package sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.Recording;
import com.twilio.rest.api.v2010.account.Transcription;
import com.twilio.rest.monitor.v1.Alert;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import twilio.BaseUrlHttpClient;

/** The real Twilio Java SDK, pointed at the sandbox through {@link BaseUrlHttpClient}. */
class SandboxSdkTest {

    private static final PhoneNumber PHONE = new PhoneNumber("+12223334444");
    private static final PhoneNumber CALLOUT = new PhoneNumber(Api.CALLOUT_NUMBER);
    private static FakeCallout callout;
    private static TwilioSandbox sandbox;
    private static HttpServer server;
    private static TwilioRestClient client;

    @BeforeAll
    static void start() throws IOException {
        callout = new FakeCallout(Api.TOKEN);
        sandbox = Api.sandbox(callout.base());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", SandboxSdkTest::forward);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        client = new TwilioRestClient.Builder(Api.SID, Api.TOKEN).accountSid(Api.SID)
                .httpClient(new BaseUrlHttpClient(() -> base + "/twilio")).build();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        sandbox.close();
        callout.close();
    }

    /** A minimal HTTP adapter: the whole server is the sandbox's {@code /sandbox}. */
    private static void forward(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        boolean form = type != null && type.startsWith("application/x-www-form-urlencoded");
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        SandboxResponse r = sandbox.handle(new SandboxRequest(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                decode(ex.getRequestURI().getRawQuery()), form ? decode(body) : Map.of(), headers,
                form ? null : body));
        if (r.contentType() != null) {
            ex.getResponseHeaders().set("Content-Type", r.contentType());
        }
        ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        ex.getResponseBody().write(r.body());
        ex.close();
    }

    private static Map<String, List<String>> decode(String s) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (s != null) {
            for (String pair : s.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    out.computeIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            k -> new ArrayList<>()).add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static <T> List<T> all(Iterable<T> items) {
        return StreamSupport.stream(items.spliterator(), false).toList();
    }

    @Test
    void should_create_read_page_and_delete_messages() {
        PhoneNumber to = new PhoneNumber("+13334445555");
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sids.add(Message.creator(to, CALLOUT, "page " + i).create(client).getSid());
        }

        List<Message> read = all(Message.reader().setTo(to).pageSize(2).read(client));
        Message fetched = Message.fetcher(sids.get(0)).fetch(client);

        assertThat(read).extracting(Message::getBody).containsExactly("page 4", "page 3", "page 2", "page 1", "page 0");
        assertThat(fetched.getTo()).isEqualTo("+13334445555");
        assertThat(fetched.getDirection()).isEqualTo(Message.Direction.OUTBOUND_API);
        assertThat(fetched.getDateCreated()).isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                Message.fetcher(sids.get(0)).fetch(client).getStatus() == Message.Status.DELIVERED);
        assertThat(Message.deleter(sids.get(1)).delete(client)).isTrue();
        assertThatThrownBy(() -> Message.fetcher(sids.get(1)).fetch(client))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(20404));
    }

    @Test
    void should_refuse_an_invalid_number_with_21211() {
        assertThatThrownBy(() -> Message.creator(new PhoneNumber("555"), CALLOUT, "x").create(client))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(21211);
                    assertThat(e.getStatusCode()).isEqualTo(400);
                });
    }

    @Test
    void should_create_and_read_calls_recordings_transcriptions_and_alerts() {
        sandbox.handle(new SandboxRequest("PUT", "/phones/+12223334444", null, null, null,
                "{\"speech\":\"on my way\"}"));
        callout.twiml.put("/sdk/voice", "<Response><Say>Hello</Say><Record transcribe=\"true\" action=\"/sdk/gone\"/></Response>");
        callout.statuses.put("/sdk/gone", 404);

        Call call = Call.creator(PHONE, CALLOUT, URI.create(callout.base() + "/sdk/voice")).create(client);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Call.fetcher(call.getSid()).fetch(client).getStatus() == Call.Status.COMPLETED);
        Call inline = Call.creator(PHONE, CALLOUT, new Twiml("<Response><Say>Hi</Say></Response>")).create(client);

        assertThat(call.getStatus()).isEqualTo(Call.Status.QUEUED);
        assertThat(inline.getSid()).startsWith("CA");
        assertThat(all(Call.reader().setStatus(Call.Status.COMPLETED).setTo(PHONE).read(client)))
                .extracting(Call::getSid).contains(call.getSid());
        List<Recording> recordings = all(Recording.reader().setCallSid(call.getSid()).read(client));
        assertThat(recordings).hasSize(1);
        assertThat(Recording.fetcher(recordings.get(0).getSid()).fetch(client).getCallSid()).isEqualTo(call.getSid());
        assertThat(all(Transcription.reader().read(client))).extracting(Transcription::getTranscriptionText)
                .contains("on my way");
        List<Alert> alerts = all(Alert.reader().setLogLevel("error").read(client));
        assertThat(alerts).extracting(Alert::getResourceSid).contains(call.getSid());
        assertThat(Alert.fetcher(alerts.get(0).getSid()).fetch(client).getErrorCode()).isEqualTo("11200");
    }

    @Test
    void should_page_alerts_through_monitor_next_page_url() {
        for (int i = 0; i < 3; i++) {
            sandbox.notice(null, "11200", "warning", "paging " + i, "http://x/" + i, "POST");
        }

        List<Alert> alerts = all(Alert.reader().setLogLevel("warning").setPageSize(2L).read(client));

        assertThat(alerts).extracting(Alert::getAlertText).containsSubsequence("paging 2", "paging 1", "paging 0");
    }
}
