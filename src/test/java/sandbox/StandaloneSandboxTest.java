package sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.CalloutConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.Roster;

/**
 * bin/callout-sandbox's main class on a port of its own, with a Callout that has a (simulated) Twilio account
 * pointing at it: the SMS reaches the sandbox's phone and the phone's reply acknowledges the alarm.
 */
class StandaloneSandboxTest {

    static Main sandbox;
    static int sandboxPort;
    static CalloutApp callout;
    /** HTTP helpers aimed at the standalone sandbox (phones, health). */
    static CalloutApp twilio;

    @BeforeAll
    static void start() throws Exception {
        sandboxPort = freePort();
        callout = new CalloutApp(Map.of(
                "callout.twilio.account-sid", CalloutConfig.SANDBOX_ACCOUNT_SID,
                "callout.twilio.auth-token", CalloutConfig.SANDBOX_AUTH_TOKEN,
                "callout.twilio.from-number", CalloutConfig.SANDBOX_FROM_NUMBER,
                "callout.twilio.api-url", "http://127.0.0.1:" + sandboxPort + "/sandbox/twilio"));
        sandbox = SandboxMain.create();
        sandbox.addOverrideProperty("camel.server.port", String.valueOf(sandboxPort));
        sandbox.addOverrideProperty("callout.sandbox.webhook-url", callout.url(""));
        sandbox.start();
        callout.start();
        twilio = new CalloutApp(Map.of()).at(sandboxPort);
    }

    @AfterAll
    static void stop() {
        if (callout != null) {
            callout.close();
        }
        if (sandbox != null) {
            sandbox.stop();
        }
    }

    @Test
    void should_text_the_sandbox_phone_and_take_its_sms_reply_as_the_ack() {
        String number = Roster.number();
        long ann = Roster.user(callout, "ann", number, "4321");
        Roster.roster(callout, "operators", List.of(ann), List.of("sms"));

        Res raised = callout.api("POST", "/api/alarms", Map.of("source", "site1/tank1/level/High",
                "name", "High Level", "priority", "High", "message", "Tank 1 level at 95%"));
        assertThat(raised.status()).isEqualTo(202);
        long alarmId = raised.json().get("alarmId").asLong();

        JsonNode sms = await().atMost(Duration.ofSeconds(15)).until(
                () -> twilio.phone(number).get("messages"), m -> m.size() == 1).get(0);
        assertThat(sms.get("from").asText()).isEqualTo(CalloutConfig.SANDBOX_FROM_NUMBER);
        assertThat(sms.get("body").asText()).contains("High Level").contains("Tank 1 level at 95%");
        await().atMost(Duration.ofSeconds(10)).until(
                () -> twilio.phone(number).get("messages").get(0).get("status").asText().equals("delivered"));
        Matcher code = Pattern.compile("Reply ([A-Z0-9]{4}) ").matcher(sms.get("body").asText());
        assertThat(code.find()).as("ack code in %s", sms.get("body").asText()).isTrue();

        Res reply = twilio.send("POST", "/sandbox/phones/" + number.replace("+", "%2B") + "/sms",
                Map.of("body", code.group(1) + " 4321"), Map.of());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("messages").get(0).asText()).isEqualTo("Acknowledged: High Level.");
        JsonNode alarm = callout.api("GET", "/api/alarms/" + alarmId, null).json();
        assertThat(alarm.get("state").asText()).isEqualTo("acknowledged");
        assertThat(alarm.get("ack").get("channel").asText()).isEqualTo("sms");
    }

    @Test
    void should_serve_only_the_sandbox_on_its_port() {
        assertThat(twilio.send("GET", "/observe/health", null, Map.of()).status()).isEqualTo(200);
        assertThat(twilio.send("GET", "/sandbox/pending", null, Map.of()).json().get("scheduled").isInt()).isTrue();
        // no Callout API, no database on the sandbox's port
        assertThat(twilio.api("GET", "/api/alarms", null).status()).isEqualTo(404);
        assertThat(sandbox.getCamelContext().getRoutes()).extracting(r -> r.getRouteId())
                .containsExactly("sandbox-http");
        // Callout itself has no in-process sandbox: it talks to the standalone one
        assertThat(callout.send("GET", "/sandbox/pending", null, Map.of()).status()).isEqualTo(404);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
