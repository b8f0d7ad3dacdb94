package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import web.ConnectionCap;

/**
 * {@code callout.http.max-connections}: with the cap's connections open and silent, each new one is closed at once
 * (counted), the held ones stay open, and once they go a normal request is served again.
 */
class ConnectionCapTest {

    private static final int CAP = 20;
    static CalloutApp app;

    @BeforeAll
    static void start() {
        // an idle timeout far longer than the test: only the cap may close a connection here
        app = CalloutApp.start(Map.of("callout.http.max-connections", String.valueOf(CAP),
                "callout.http.idle-timeout", "PT5M"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_close_connections_beyond_the_cap_at_once_and_serve_again_when_the_held_ones_go() throws Exception {
        ConnectionCap cap = app.context().getRegistry().lookupByNameAndType("httpConnectionCap", ConnectionCap.class);
        assertThat(cap).as("the cap in the registry").isNotNull();
        int before = cap.open();  // connections the test client may keep alive
        List<Socket> held = new ArrayList<>();
        List<Socket> extra = new ArrayList<>();
        try {
            for (int i = before; i < CAP; i++) {
                held.add(new Socket("127.0.0.1", app.port()));
            }
            waitFor(cap::open, CAP);
            long refusedBefore = cap.refused();
            for (int i = 0; i < 10; i++) {
                extra.add(new Socket("127.0.0.1", app.port()));  // the kernel accepts; Callout closes it
            }
            for (Socket s : extra) {
                assertThat(closedWithin(s, 3000)).as("an extra connection is closed at once").isTrue();
            }
            assertThat(cap.refused() - refusedBefore).as("refused connections counted").isEqualTo(10);
            assertThat(cap.open()).isEqualTo(CAP);
            for (Socket s : held) {
                assertThat(closedWithin(s, 50)).as("a held connection stays open").isFalse();
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
            for (Socket s : extra) {
                s.close();
            }
        }
        waitFor(cap::open, before);
        // a raw request on a new connection: served
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.getOutputStream().write("GET /observe/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(10_000);
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(reply).startsWith("HTTP/1.1 200");
        }
        assertThat(app.api("GET", "/api/alarms", null).status()).isEqualTo(200);
        assertThat(app.send("GET", "/observe/metrics", null, Map.of()).body())
                .containsPattern("callout_http_connections_refused_total(\\{[^}]*})? (1\\d|[2-9]\\d|\\d{3,})\\.0");
    }

    /** True when the server closes {@code socket} (end of stream or reset) within {@code ms}. */
    private static boolean closedWithin(Socket socket, int ms) throws Exception {
        socket.setSoTimeout(ms);
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        }
    }

    private static void waitFor(IntSupplier value, int expected) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(value.getAsInt()).as("open connections").isEqualTo(expected));
    }
}
