package twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TwilioSignaturesTest {

    @Test
    void should_match_twilio_documented_example() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", "CA1234567890ABCDE");
        params.put("Caller", "+12349013030");
        params.put("Digits", "1234");
        params.put("From", "+12349013030");
        params.put("To", "+18005551212");
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";

        String signature = TwilioSignatures.sign("12345", url, params);

        assertThat(signature).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(new RequestValidator("12345").validate(url, params, signature)).isTrue();
    }

    @Test
    void should_match_sdk_validator_on_random_inputs() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            String token = randomText(random, 32);
            String url = "https://example.com/" + randomText(random, 8) + "?q=" + randomText(random, 4);
            Map<String, String> params = new LinkedHashMap<>();
            int n = random.nextInt(8);
            for (int p = 0; p < n; p++) {
                params.put(randomText(random, 1 + random.nextInt(10)), randomText(random, random.nextInt(20)));
            }

            String signature = TwilioSignatures.sign(token, url, params);

            assertThat(new RequestValidator(token).validate(url, params, signature)).as("case %d", i).isTrue();
        }
    }

    @Test
    void should_sign_repeated_parameters_value_by_value() {
        String single = TwilioSignatures.sign("t", "https://x/y", Map.of("A", "1"));
        String multi = TwilioSignatures.sign("t", "https://x/y", Map.of("A", List.of("1")));

        assertThat(multi).isEqualTo(single);
        assertThat(TwilioSignatures.sign("t", "https://x/y", Map.of("A", List.of("2", "1"))))
                .isEqualTo(TwilioSignatures.sign("t", "https://x/yA1A2", Map.of()));
    }

    @Test
    void should_rewrite_twilio_hosts_only() {
        BaseUrlHttpClient client = new BaseUrlHttpClient(() -> "http://localhost:9/sandbox/twilio/");

        assertThat(client.rewriteUrl("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=2"))
                .isEqualTo("http://localhost:9/sandbox/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=2");
        assertThat(client.rewriteUrl("https://monitor.twilio.com/v1/Alerts"))
                .isEqualTo("http://localhost:9/sandbox/twilio/v1/Alerts");
        assertThat(client.rewriteUrl("https://example.com/x")).isEqualTo("https://example.com/x");
    }

    private static String randomText(Random random, int length) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-_ #&=%é";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(chars.charAt(random.nextInt(chars.length())));
        }
        return b.toString();
    }
}
