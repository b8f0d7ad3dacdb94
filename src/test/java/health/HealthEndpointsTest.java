package health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.CalloutConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;

/** /observe/health/live and /observe/health/ready as an orchestrator sees them. */
class HealthEndpointsTest {

    @Test
    void should_be_live_and_ready_with_each_check_named_when_database_brokers_and_twilio_answer() {
        try (CalloutApp app = CalloutApp.start(Map.of())) {
            Res ready = await().atMost(Duration.ofSeconds(20)).until(() -> get(app, "/observe/health/ready"),
                    r -> r.status() == 200);
            assertThat(ready.json().get("status").asText()).isEqualTo("UP");
            assertThat(check(ready, "callout-database").get("status").asText()).isEqualTo("UP");
            assertThat(check(ready, "callout-database").get("message").asText()).isEqualTo("reachable");
            assertThat(check(ready, "callout-brokers").get("status").asText()).isEqualTo("UP");
            assertThat(check(ready, "callout-brokers").get("message").asText()).isEqualTo("connected: mqtt, jms");
            Res data = get(app, "/observe/health/ready?data=true");
            assertThat(check(data, "callout-brokers").get("data").get("mqtt").asText())
                    .isEqualTo("connected to tcp://127.0.0.1:" + app.property("callout.broker.mqtt-port"));
            assertThat(check(data, "callout-brokers").get("data").get("jms").asText()).isEqualTo("connected");
            await().atMost(Duration.ofSeconds(10)).until(() -> check(get(app, "/observe/health/ready"),
                    "callout-twilio").get("message").asText()
                    .equals("Twilio reachable (reported, not a readiness condition)"));

            Res live = get(app, "/observe/health/live");
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.json().get("status").asText()).isEqualTo("UP");
            assertThat(check(live, "context").get("status").asText()).isEqualTo("UP");
            // readiness conditions are not liveness conditions
            assertThat(live.body()).doesNotContain("callout-database", "callout-brokers", "callout-twilio");
        }
    }

    @Test
    void should_turn_unready_but_stay_live_when_the_database_is_gone() {
        try (CalloutApp app = CalloutApp.start(Map.of())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> get(app, "/observe/health/ready").status() == 200);

            app.context().getRegistry().lookupByNameAndType("dataSource", HikariDataSource.class).close();

            Res ready = get(app, "/observe/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(check(ready, "callout-database").get("status").asText()).isEqualTo("DOWN");
            assertThat(check(ready, "callout-database").get("message").asText()).startsWith("unreachable: ");
            assertThat(get(app, "/observe/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void should_stay_ready_and_report_twilio_unreachable() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (CalloutApp app = CalloutApp.start(Map.of(
                "callout.twilio.account-sid", CalloutConfig.SANDBOX_ACCOUNT_SID,
                "callout.twilio.auth-token", CalloutConfig.SANDBOX_AUTH_TOKEN,
                "callout.twilio.from-number", CalloutConfig.SANDBOX_FROM_NUMBER,
                "callout.twilio.api-url", "http://127.0.0.1:" + closed + "/sandbox/twilio",
                "callout.twilio.retries", "0"))) {
            Res ready = await().atMost(Duration.ofSeconds(20)).until(() -> get(app, "/observe/health/ready"),
                    r -> r.status() == 200 && check(r, "callout-twilio").get("message").asText().contains("unreachable"));
            assertThat(ready.json().get("status").asText()).isEqualTo("UP");
            assertThat(check(ready, "callout-twilio").get("status").asText()).isEqualTo("UP");
            assertThat(check(ready, "callout-twilio").get("message").asText()).startsWith("Twilio unreachable: ");
        }
    }

    private static Res get(CalloutApp app, String path) {
        return app.send("GET", path, null, Map.of());
    }

    private static JsonNode check(Res res, String name) {
        for (JsonNode c : res.json().get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + res.body());
    }
}
