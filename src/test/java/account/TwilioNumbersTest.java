package account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.type.PhoneNumber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutApp.Res;
import support.TwilioOpenApi;

/** GET /api/twilio/numbers and POST /api/twilio/numbers/{sid}/setup against the sandbox's IncomingPhoneNumbers. */
class TwilioNumbersTest {

    static final String BOUGHT = "+15005550077";
    static CalloutApp app;

    @BeforeAll
    static void start() throws IOException {
        Path scripts = Files.createTempDirectory("callout-scripts");
        Files.copy(Path.of("scripts/voice.groovy"), scripts.resolve("voice.groovy"));
        Files.writeString(scripts.resolve("sms.groovy"),
                "return twiml.message('sms.groovy got ' + params.Body + ' on ' + params.To)\n");
        app = CalloutApp.start(Map.of("callout.scripts.dir", scripts.toString()));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static Res text(String from, String to, String body) {
        return app.send("POST", "/sandbox/phones/" + from.replace("+", "%2B") + "/sms",
                Map.of("body", body, "to", to), Map.of());
    }

    @Test
    void should_list_the_accounts_numbers_with_callouts_own_pointed_at_callout() {
        Res r = app.api("GET", "/api/twilio/numbers", null);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode own = null;
        for (JsonNode n : r.json()) {
            if (n.get("phoneNumber").asText().equals(Sandbox.FROM)) {
                own = n;
            }
        }
        assertThat(own).as(r.body()).isNotNull();
        assertThat(own.get("sid").asText()).matches("PN[0-9a-f]{32}");
        assertThat(own.get("smsUrl").asText()).isEqualTo(app.url("/twilio/sms"));
        assertThat(own.get("voiceUrl").asText()).isEqualTo(app.url("/twilio/voice/inbound/0"));
        Res filtered = app.api("GET", "/api/twilio/numbers?phoneNumber=" + Sandbox.FROM.replace("+", "%2B"), null);
        assertThat(filtered.json()).hasSize(1);
        TwilioOpenApi.assertValid(TwilioOpenApi.sandbox(app), "GET", "/IncomingPhoneNumbers.json");
    }

    @Test
    void should_set_up_a_number_so_that_a_text_to_it_reaches_sms_groovy() {
        String sid = IncomingPhoneNumber.creator(new PhoneNumber(BOUGHT)).create(Sandbox.client(app)).getSid();
        assertThat(text("+14155550701", BOUGHT, "before").json().get("status").asInt())
                .as("a new number points nowhere").isZero();

        Res setup = app.api("POST", "/api/twilio/numbers/" + sid + "/setup", null);

        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        assertThat(setup.json().get("smsUrl").asText()).isEqualTo(app.url("/twilio/sms"));
        assertThat(setup.json().get("voiceUrl").asText()).isEqualTo(app.url("/twilio/voice/inbound/0"));
        assertThat(setup.json().get("statusCallback").asText()).isEqualTo(app.url("/twilio/status/call/0"));
        TwilioOpenApi.assertValid(TwilioOpenApi.sandbox(app), "POST", "/IncomingPhoneNumbers/" + sid + ".json");
        Res reply = text("+14155550701", BOUGHT, "hello");
        assertThat(reply.json().get("status").asInt()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("messages").get(0).asText()).isEqualTo("sms.groovy got hello on " + BOUGHT);
    }

    @Test
    void should_answer_400_for_a_sid_that_is_not_a_number_and_404_for_an_unknown_one() {
        Res bad = app.api("POST", "/api/twilio/numbers/SM0123/setup", null);
        Res unknown = app.api("POST", "/api/twilio/numbers/PN0123456789abcdef0123456789abcdef/setup", null);

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("sid");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    }
}
