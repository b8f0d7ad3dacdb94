package app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutProcess;

/** What an operator sees when Callout cannot start, and its own --help. */
class StartupFailureTest {

    @Test
    void should_exit_non_zero_with_one_line_naming_the_port_when_it_is_taken() throws Exception {
        Path dir = Files.createTempDirectory("callout-port");
        try (ServerSocket taken = new ServerSocket(0);
                CalloutProcess callout = new CalloutProcess(dir, props(dir, taken.getLocalPort()))) {
            int port = taken.getLocalPort();

            CalloutProcess.Exit exit = callout.runToExit(Duration.ofSeconds(60));

            assertThat(exit.code()).isEqualTo(StartupFailure.EXIT_CODE);
            assertThat(exit.lastLine()).isEqualTo("callout: cannot start: camel.server.port=" + port
                    + ": cannot listen on 0.0.0.0:" + port + " (Address already in use); another process holds"
                    + " the port: stop it or choose another port");
        }
    }

    @Test
    void should_not_start_with_an_escalation_delay_that_is_not_a_duration() {
        try (CalloutApp app = new CalloutApp(Map.of("callout.escalation.delay", "5min"))) {
            assertThatThrownBy(app::start).rootCause()
                    .isInstanceOf(StartupFailure.class)
                    .hasMessage("callout.escalation.delay=5min: expected an ISO-8601 duration such as PT5M, PT30S or P90D");
        }
    }

    @Test
    void should_not_start_with_rounds_that_are_not_a_number() {
        try (CalloutApp app = new CalloutApp(Map.of("callout.escalation.rounds", "three"))) {
            assertThatThrownBy(app::start).rootCause()
                    .isInstanceOf(StartupFailure.class)
                    .hasMessage("callout.escalation.rounds=three: expected a whole number of at least 1, such as 3");
        }
    }

    @Test
    void should_print_callouts_own_help_and_exit_zero() throws Exception {
        Path dir = Files.createTempDirectory("callout-help");
        try (CalloutProcess callout = new CalloutProcess(dir, Map.of())) {
            CalloutProcess.Exit exit = callout.runToExit(Duration.ofSeconds(30), "--help");

            assertThat(exit.code()).isZero();
            assertThat(exit.output())
                    .startsWith("Callout: alarm call-out over SMS and voice (Twilio), on Apache Camel.")
                    .contains("-Dkey=value", "sandbox", "real Twilio", "callout.data.dir", "callout.escalation.delay")
                    .doesNotContain("Apache Camel Runner");
        }
    }

    private static Map<String, String> props(Path dir, int port) {
        return Map.of("camel.server.port", String.valueOf(port),
                "callout.data.dir", dir.toString(),
                "callout.routes.dir", dir.resolve("routes").toString(),
                "callout.broker.jms-port", String.valueOf(CalloutProcess.freePort()),
                "callout.broker.mqtt-port", String.valueOf(CalloutProcess.freePort()));
    }
}
