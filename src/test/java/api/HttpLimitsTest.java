package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;

/** A slow client is cut off by the idle timeout. */
class HttpLimitsTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.http.idle-timeout", "PT1S"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Milliseconds until the server closes {@code socket}, or -1 when it is still open after {@code waitMs}. */
    static long closedAfter(Socket socket, int waitMs) throws IOException {
        long start = System.nanoTime();
        socket.setSoTimeout(waitMs);
        InputStream in = socket.getInputStream();
        try {
            while (in.read() != -1) {
                // a 408/431 reply before the close is fine
            }
        } catch (SocketTimeoutException stillOpen) {
            return -1;
        } catch (IOException reset) {
            // closed with a reset
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void should_disconnect_a_client_that_never_finishes_its_headers_within_the_idle_timeout() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", app.port())) {
            slow.getOutputStream().write("POST /api/alarms HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                    .getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            long closed = closedAfter(slow, 5000);
            assertThat(closed).as("ms until the server closed the slow connection (-1: still open after 5 s)")
                    .isBetween(0L, 3000L);
        }
    }
}
