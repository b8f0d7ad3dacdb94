package sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.LogCapture;

/** In sandbox mode the unauthenticated /sandbox/** is reachable from this machine only, unless a host is set. */
class SandboxLoopbackTest {

    /** An IPv4 address of this machine that is not loopback, or null. */
    static InetAddress outsideAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address)
                .findFirst().orElse(null);
    }

    static void connect(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
        }
    }

    @Test
    void should_listen_on_loopback_only_in_sandbox_mode_and_say_so() throws Exception {
        InetAddress outside = outsideAddress();
        Assumptions.assumeTrue(outside != null, "no non-loopback IPv4 address on this machine: cannot test binding");
        try (LogCapture log = new LogCapture(); CalloutApp app = CalloutApp.start(Map.of())) {
            assertThat(app.send("GET", "/sandbox/phones/%2B14155550100", null, Map.of()).status()).isEqualTo(200);
            assertThatThrownBy(() -> connect(outside, app.port())).isInstanceOf(IOException.class);
            assertThat(log.text()).contains("SANDBOX MODE: HTTP server bound to 127.0.0.1 only");
        }
    }

    @Test
    void should_listen_where_camel_server_host_says_when_it_is_set() throws Exception {
        InetAddress outside = outsideAddress();
        Assumptions.assumeTrue(outside != null, "no non-loopback IPv4 address on this machine: cannot test binding");
        try (CalloutApp app = CalloutApp.start(Map.of("camel.server.host", "0.0.0.0"))) {
            connect(outside, app.port());
        }
    }
}
