package sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twilio.TwilioSignatures;

/** Several accounts in one sandbox: Basic auth per account, and a SignalWire project below /signalwire/api/laml. */
class SandboxAccountsTest {

    static final String SW = "6f0e2a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b";
    static final String SW_LAML = "/signalwire/api/laml/2010-04-01/Accounts/" + SW;
    static final String PLANT2 = "AC22222222222222222222222222222222";

    record Hook(Map<String, String> headers, Map<String, String> params) {
    }

    HttpServer server;
    final List<Hook> hooks = new CopyOnWriteArrayList<>();
    TwilioSandbox sandbox;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/status", ex -> {
            Map<String, String> params = new TreeMap<>();
            for (String pair : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            hooks.add(new Hook(headers, params));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        sandbox = Api.sandbox("http://127.0.0.1:" + server.getAddress().getPort());
        sandbox.addAccount(new SandboxAccount(SW, "sw-token", "+15005550033", true, "sw-signing-key"));
        sandbox.addAccount(new SandboxAccount(PLANT2, "plant2-token", "+15005550022", false));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        server.stop(0);
    }

    private String statusUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/status";
    }

    @Test
    void should_sign_a_signalwire_projects_callbacks_with_its_signing_key_in_both_headers() {
        SandboxResponse created = new Api(sandbox, SW + ":sw-token").post(SW_LAML + "/Messages.json",
                "To", "+14155550901", "From", "+15005550033", "Body", "pump", "StatusCallback", statusUrl());

        assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
        assertThat(Api.body(created).get("account_sid").asText()).isEqualTo(SW);
        await().atMost(Duration.ofSeconds(5)).until(() -> hooks.size() >= 1);
        Hook hook = hooks.get(0);
        String expected = TwilioSignatures.sign("sw-signing-key", statusUrl(), hook.params());
        assertThat(hook.params().get("AccountSid")).isEqualTo(SW);
        assertThat(hook.headers().get("X-SignalWire-Signature")).isEqualTo(expected);
        assertThat(hook.headers().get("X-Twilio-Signature")).isEqualTo(expected);
    }

    @Test
    void should_answer_401_unless_the_path_account_and_the_credentials_match() {
        Api plant2 = new Api(sandbox, PLANT2 + ":plant2-token");

        assertThat(plant2.get("/twilio/2010-04-01/Accounts/" + PLANT2 + "/Messages.json").status()).isEqualTo(200);
        assertThat(plant2.get(Api.ACCOUNT + "/Messages.json").status()).isEqualTo(404);
        assertThat(new Api(sandbox, PLANT2 + ":sandbox-auth-token")
                .get("/twilio/2010-04-01/Accounts/" + PLANT2 + "/Messages.json").status()).isEqualTo(401);
        // a SignalWire project only below the SignalWire prefix, a Twilio account only below Twilio's
        assertThat(new Api(sandbox, SW + ":sw-token").get("/twilio/2010-04-01/Accounts/" + SW + "/Messages.json")
                .status()).isEqualTo(401);
        assertThat(plant2.get("/signalwire/api/laml/2010-04-01/Accounts/" + PLANT2 + "/Messages.json").status())
                .isEqualTo(401);
    }

    @Test
    void should_keep_each_accounts_messages_to_itself() {
        Api plant2 = new Api(sandbox, PLANT2 + ":plant2-token");
        plant2.post("/twilio/2010-04-01/Accounts/" + PLANT2 + "/Messages.json", "To", "+14155550902",
                "From", "+15005550022", "Body", "plant2 only");

        assertThat(Api.body(plant2.get("/twilio/2010-04-01/Accounts/" + PLANT2 + "/Messages.json"))
                .get("messages")).hasSize(1);
        assertThat(Api.body(new Api(sandbox).get(Api.ACCOUNT + "/Messages.json")).get("messages")).isEmpty();
    }
}
