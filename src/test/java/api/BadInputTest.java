package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.Roster;

/**
 * Hostile and careless input, sent through the real app: every case answers a 4xx JSON {"error","field"} with the
 * field named, never a 500, and nothing invalid is stored.
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1 as curl speaks it (the JDK client's default h2c upgrade makes Vert.x refuse big headers in HTTP/2). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String EMOJI = "\uD83D\uDD25";  // one code point, two UTF-16 units

    static CalloutApp app;
    static long userId;
    static String phone;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.routing.default-roster", "bad-team"));
        phone = Roster.number();
        userId = Roster.user(app, "bad-ann", phone, "2468");
        Roster.roster(app, "bad-team", List.of(userId), List.of("sms", "voice"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** One request and the answer it must get: status and the field named (null: no field). */
    record Case(String name, String method, String path, byte[] body, Map<String, String> headers, int status,
                String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case json(String name, String method, String path, String body, int status, String field) {
        return new Case(name, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), Map.of(),
                status, field);
    }

    static Stream<Case> cases() {
        String alarm = "{\"source\":\"ok/1\",\"name\":\"ok\"}";
        String deepObject = "{\"source\":\"deep\",\"name\":\"deep\",\"message\":" + "{\"a\":".repeat(5000) + "1"
                + "}".repeat(5000) + "}";
        String deepArray = "[".repeat(5000) + "]".repeat(5000);
        byte[] badUtf8 = concat("{\"source\":\"utf/1\",\"name\":\"bad ".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}".getBytes(StandardCharsets.UTF_8));
        String user = "{\"username\":\"trailing\",\"sms\":\"+14155550123\"}";
        return Stream.of(
                // 500s on e8224df
                json("roster with a null channel", "POST", "/api/rosters",
                        "{\"name\":\"nullch\",\"members\":[],\"channels\":[null]}", 400, "channels[0]"),
                json("alarm list limit=abc", "GET", "/api/alarms?limit=abc", null, 400, "limit"),
                json("alarm list limit=99999999999", "GET", "/api/alarms?limit=99999999999", null, 400, "limit"),
                json("alarm list limit=1.5", "GET", "/api/alarms?limit=1.5", null, 400, "limit"),
                json("alarm nested 5,000 objects deep", "POST", "/api/alarms", deepObject, 400, null),
                json("alarm array nested 5,000 deep", "POST", "/api/alarms", deepArray, 400, null),
                json("priority 1e999999", "POST", "/api/alarms",
                        "{\"source\":\"num/1\",\"name\":\"n\",\"priority\":1e999999}", 400, "priority"),
                json("priority 1e9999999999", "POST", "/api/alarms",
                        "{\"source\":\"num/2\",\"name\":\"n\",\"priority\":1e9999999999}", 400, "priority"),
                json("source of 301 emoji", "POST", "/api/alarms",
                        "{\"source\":\"" + EMOJI.repeat(301) + "\",\"name\":\"n\"}", 400, "source"),
                json("name of 201 emoji", "POST", "/api/alarms",
                        "{\"source\":\"emoji/name\",\"name\":\"" + EMOJI.repeat(201) + "\"}", 400, "name"),
                // Vert.x answers these before any route runs
                json("body over camel.server.max-body-size", "POST", "/api/alarms",
                        "{\"source\":\"big\",\"name\":\"big\",\"message\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}",
                        413, null),
                json("URI too long", "GET", "/api/alarms?x=" + "a".repeat(10_000), null, 414, null),
                new Case("headers too large", "GET", "/api/alarms", null, Map.of("X-Big", "h".repeat(20_000)), 431,
                        null),
                // accepted though invalid on e8224df
                json("user followed by garbage", "POST", "/api/users", user + " x", 400, null),
                json("user replaced with trailing garbage", "PUT", "/api/users/" + userId, user + " x", 400, null),
                json("roster followed by garbage", "POST", "/api/rosters",
                        "{\"name\":\"trail\",\"members\":[]} x", 400, null),
                json("ack followed by garbage", "POST", "/api/alarms/1/ack", "{\"userId\":1} x", 400, null),
                json("message followed by garbage", "POST", "/api/messages",
                        "{\"to\":\"+14155550124\",\"body\":\"hi\"} x", 400, null),
                json("twilio call followed by garbage", "POST", "/api/twilio/calls",
                        "{\"to\":\"+14155550125\",\"url\":\"http://example.com/t\"} x", 400, null),
                json("twilio request followed by garbage", "POST", "/api/twilio/request",
                        "{\"method\":\"GET\",\"path\":\"/2010-04-01/Accounts.json\"} x", 400, null),
                json("alarm followed by garbage", "POST", "/api/alarms", alarm + " x", 400, null),
                new Case("alarm with invalid UTF-8", "POST", "/api/alarms", badUtf8, Map.of(), 400, null),
                new Case("user with invalid UTF-8", "POST", "/api/users", concat(
                        "{\"username\":\"bad ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF},
                        "\",\"sms\":\"+14155550126\"}".getBytes(StandardCharsets.UTF_8)), Map.of(), 400, "username"),
                json("blank source", "POST", "/api/alarms", "{\"source\":\"   \",\"name\":\"n\"}", 400, "source"),
                json("blank name", "POST", "/api/alarms", "{\"source\":\"blank/name\",\"name\":\" \\t \"}", 400,
                        "name"),
                json("blank source in a batch", "POST", "/api/alarms",
                        "[{\"source\":\"b/1\",\"name\":\"n\"},{\"source\":\"  \",\"name\":\"n\"}]", 400, "[1].source"),
                json("twilio messages from=%00", "GET", "/api/twilio/messages?from=%00", null, 400, "from"),
                json("twilio messages to=%00", "GET", "/api/twilio/messages?to=%00", null, 400, "to"),
                json("twilio calls from=%00", "GET", "/api/twilio/calls?from=%00", null, 400, "from"),
                // siblings
                json("roster replaced with null", "PUT", "/api/rosters/bad-team", "null", 400, null),
                json("twilio call of null", "POST", "/api/twilio/calls", "null", 400, null),
                json("twilio request of null", "POST", "/api/twilio/request", "null", 400, null),
                json("ack with userId 1e999999", "POST", "/api/alarms/1/ack", "{\"userId\":1e999999}", 400, "userId"),
                json("roster member 1e999999", "POST", "/api/rosters",
                        "{\"name\":\"bignum\",\"members\":[1e999999]}", 400, "members[0]"),
                json("roster with a null member", "POST", "/api/rosters",
                        "{\"name\":\"nullmember\",\"members\":[null]}", 400, "members[0]"),
                json("roster channels not a list", "POST", "/api/rosters",
                        "{\"name\":\"chstr\",\"members\":[],\"channels\":\"sms\"}", 400, "channels"),
                json("user with a numeric username", "POST", "/api/users",
                        "{\"username\":{\"a\":1},\"sms\":\"+14155550127\"}", 400, "username"),
                json("audit limit=abc", "GET", "/api/audit?limit=abc", null, 400, "limit"),
                json("audit alarmId=99999999999999999999", "GET", "/api/audit?alarmId=99999999999999999999", null,
                        400, "alarmId"),
                json("alarm id beyond a long", "GET", "/api/alarms/999999999999999999", null, 404, null),
                json("user with a pin of 1e999999", "POST", "/api/users",
                        "{\"username\":\"bigpin\",\"sms\":\"+14155550128\",\"pin\":1e999999}", 400, "pin"),
                json("twilio calls list limit=1.5", "GET", "/api/twilio/calls?limit=1.5", null, 400, "limit"),
                json("twilio call timeout 1e999999", "POST", "/api/twilio/calls",
                        "{\"to\":\"+14155550129\",\"url\":\"http://example.com/t\",\"timeout\":1e999999}", 400,
                        "timeout"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_answer_bad_input_with_4xx_json_naming_the_field(Case c) {
        HttpResponse<String> r = send(c.method(), c.path(), c.body(), c.headers());

        assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
        assertThat(r.headers().firstValue("Content-Type")).as(c.name()).hasValue("application/json");
        if (c.status() == 413 || c.status() == 414 || c.status() == 431) {
            // the server ends such a connection: it says so, or a pooling client sends its next request into it
            assertThat(r.headers().firstValue("Connection")).as(c.name()).hasValue("close");
        }
        JsonNode body = parse(r.body());
        assertThat(body.get("error").isTextual()).as(r.body()).isTrue();
        assertThat(body.get("error").asText()).as(r.body()).isNotBlank();
        if (c.field() == null) {
            assertThat(body.has("field") && body.get("field").isNull()).as(r.body()).isTrue();
        } else {
            assertThat(body.get("field").asText()).as(r.body()).isEqualTo(c.field());
        }
    }

    @Test
    void should_store_a_source_of_300_emoji_whole_and_once() {
        String source = EMOJI.repeat(300);
        Res r = app.api("POST", "/api/alarms", Map.of("source", source, "name", EMOJI.repeat(200)));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode alarm = app.api("GET", "/api/alarms/" + r.json().get("alarmId").asLong(), null).json();
        assertThat(alarm.get("source").asText()).isEqualTo(source);
        assertThat(alarm.get("name").asText()).isEqualTo(EMOJI.repeat(200));
        Res again = app.api("POST", "/api/alarms", Map.of("source", source, "name", "again"));
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(again.json().get("alarmId").asLong()).isEqualTo(r.json().get("alarmId").asLong());
    }

    @Test
    void should_refuse_to_delete_a_user_on_rosters_unless_forced() {
        long u = Roster.user(app, "del-bob", Roster.number(), "1357");
        Roster.roster(app, "del-operators", List.of(u), List.of("sms"));
        Roster.roster(app, "del-night", List.of(userId, u), List.of("sms"));

        Res refused = app.api("DELETE", "/api/users/" + u, null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText())
                .isEqualTo("user " + u + " is on rosters del-night, del-operators: take them off first, or add ?force=true");
        assertThat(refused.json().get("field").asText()).isEqualTo("id");
        assertThat(app.api("GET", "/api/users/" + u, null).status()).isEqualTo(200);
        assertThat(app.api("GET", "/api/rosters/del-operators", null).json().get("members").toString())
                .isEqualTo("[" + u + "]");

        Res forced = app.api("DELETE", "/api/users/" + u + "?force=true", null);

        assertThat(forced.status()).isEqualTo(204);
        assertThat(app.api("GET", "/api/users/" + u, null).status()).isEqualTo(404);
        assertThat(app.api("GET", "/api/rosters/del-operators", null).json().get("members").toString())
                .isEqualTo("[]");
        assertThat(app.api("GET", "/api/rosters/del-night", null).json().get("members").toString())
                .isEqualTo("[" + userId + "]");
    }

    @Test
    void should_delete_a_user_on_no_roster_without_force() {
        long u = Roster.user(app, "del-free", Roster.number(), "1357");

        assertThat(app.api("DELETE", "/api/users/" + u, null).status()).isEqualTo(204);
        assertThat(app.api("GET", "/api/users/" + u, null).status()).isEqualTo(404);
    }

    @Test
    void should_list_the_same_notifications_as_the_detail_shows() {
        long id = app.api("POST", "/api/alarms", Map.of("source", "agree/1", "name", "Agree")).json()
                .get("alarmId").asLong();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(app.api("GET", "/api/alarms/" + id, null).json().get("notifications")).hasSize(2));

        // statuses move on (queued, sent, delivered...) between two reads: compare until a pair agrees
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode listed = listed(id);
            JsonNode detail = app.api("GET", "/api/alarms/" + id, null).json();
            assertThat(listed).as("alarm " + id + " in the list").isEqualTo(detail);
        });
        assertThat(listed(id).get("notifications").get(0).get("userId").asLong()).isEqualTo(userId);
    }

    private static JsonNode listed(long id) {
        for (JsonNode a : app.api("GET", "/api/alarms", null).json()) {
            if (a.get("id").asLong() == id) {
                return a;
            }
        }
        throw new AssertionError("alarm " + id + " is not in the list");
    }

    @Test
    void should_make_any_route_unmarshalling_json_as_strict_as_the_api() throws Exception {
        app.context().addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:strict-json-probe").routeId("strict-json-probe").unmarshal().json(UserProbe.class);
            }
        });

        Throwable trailing = catchThrowable(() -> app.context().createProducerTemplate()
                .requestBody("direct:strict-json-probe", "{\"username\":\"x\"} {}"));
        Throwable unknown = catchThrowable(() -> app.context().createProducerTemplate()
                .requestBody("direct:strict-json-probe", "{\"username\":\"x\",\"nope\":1}"));

        assertThat(trailing).hasRootCauseInstanceOf(MismatchedInputException.class)
                .rootCause().hasMessageContaining("Trailing token");
        assertThat(unknown).hasRootCauseInstanceOf(UnrecognizedPropertyException.class);
    }

    /** A body for the probe route above. */
    record UserProbe(String username) {
    }

    @Test
    void should_accept_a_real_replacement_character_in_valid_utf8() {
        HttpResponse<String> r = send("POST", "/api/alarms",
                "{\"source\":\"utf/ok\",\"name\":\"it says \uFFFD\"}".getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        long id = parse(r.body()).get("alarmId").asLong();
        assertThat(app.api("GET", "/api/alarms/" + id, null).json().get("name").asText()).isEqualTo("it says \uFFFD");
    }

    @Test
    void should_answer_a_malformed_http_request_with_json() throws IOException {
        try (Socket socket = new Socket("localhost", app.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /api/alarms HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                    .endsWith("{\"error\":\"malformed HTTP request\",\"field\":null}");
        }
    }

    @Test
    void should_refuse_an_alarm_file_with_invalid_utf8() throws IOException {
        Path inbox = Path.of(app.property("callout.inbox.dir"));
        byte[] payload = concat("{\"source\":\"file/utf8\",\"name\":\"bad ".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFF}, "\"}\n".getBytes(StandardCharsets.UTF_8));
        Path tmp = inbox.resolve(".bad-utf8.json.tmp");
        Files.write(tmp, payload);
        Files.move(tmp, inbox.resolve("bad-utf8.json"), StandardCopyOption.ATOMIC_MOVE);

        Path failed = inbox.resolve(".failed");
        // the reason is written inside the route, the file moved when it ends: wait for both
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(failed.resolve("bad-utf8.json.reason.txt")).exists();
            assertThat(failed.resolve("bad-utf8.json")).exists();
        });
        assertThat(Files.readString(failed.resolve("bad-utf8.json.reason.txt"), StandardCharsets.UTF_8))
                .isEqualTo("the payload is not valid UTF-8");
        assertThat(Files.readAllBytes(failed.resolve("bad-utf8.json"))).isEqualTo(payload);
        assertThat(app.api("GET", "/api/alarms?limit=1000", null).body()).doesNotContain("file/utf8");
    }

    // ---- helpers

    private static HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", "Bearer " + CalloutApp.TOKEN);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url(path))).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        all.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: '" + body + "'", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
