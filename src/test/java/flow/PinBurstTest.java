package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import app.CalloutConfig;
import support.CalloutApp;
import support.Roster;

/** A burst of signed wrong-PIN replies from one phone gets exactly five PINs tried, then the lock holds. */
class PinBurstTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.delay", "PT10M"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** An inbound SMS as Twilio posts it, signed with the (sandbox) auth token. */
    static CalloutApp.Res signedSms(String from, String body) {
        Map<String, String> params = new java.util.TreeMap<>(Map.of("From", from, "To", "+15005550006",
                "Body", body, "MessageSid", "SM" + java.util.UUID.randomUUID().toString().replace("-", "")));
        String form = params.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(),
                java.nio.charset.StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
        String signature = twilio.TwilioSignatures.sign(app.property("callout.twilio.auth-token").isBlank()
                ? CalloutConfig.SANDBOX_AUTH_TOKEN : app.property("callout.twilio.auth-token"),
                app.url("/twilio/sms"), params);
        return app.send("POST", "/twilio/sms", form, Map.of("Content-Type", "application/x-www-form-urlencoded",
                "X-Twilio-Signature", signature));
    }

    @Test
    void should_try_exactly_five_wrong_pins_of_a_sixty_reply_burst_and_refuse_the_right_pin_after() throws Exception {
        String n = Roster.number();
        long u = Roster.user(app, "burst-ann", n, "4321");
        Roster.roster(app, "burst", List.of(u), List.of("sms"));
        long alarmId = app.api("POST", "/api/alarms", Map.of("source", "site4/burst", "name", "Burst",
                "roster", "burst")).json().get("alarmId").asLong();
        String body = await().atMost(Duration.ofSeconds(10)).until(() -> app.phone(n).get("messages"),
                m -> m.size() == 1).get(0).get("body").asText();
        Matcher code = Pattern.compile("Reply ([A-Z0-9]{4}) ").matcher(body);
        assertThat(code.find()).as(body).isTrue();

        ExecutorService pool = Executors.newFixedThreadPool(60);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String pin = String.format("%04d", 1000 + i);
                replies.add(pool.submit(() -> {
                    go.await();
                    return signedSms(n, code.group(1) + " " + pin).status();
                }));
            }
            go.countDown();
            for (Future<Integer> r : replies) {
                assertThat(r.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        CalloutApp.Res right = signedSms(n, code.group(1) + " 4321");
        assertThat(right.body()).contains("Too many wrong PINs. Acknowledgement is locked; try again later.");
        assertThat(app.api("GET", "/api/alarms/" + alarmId, null).json().get("state").asText()).isEqualTo("active");

        JsonNode audit = app.api("GET", "/api/audit?alarmId=" + alarmId + "&limit=1000", null).json();
        long wrong = 0;
        long lockouts = 0;
        for (JsonNode e : audit) {
            wrong += e.get("kind").asText().equals("pin-failed") ? 1 : 0;
            lockouts += e.get("kind").asText().equals("pin-lockout") ? 1 : 0;
        }
        assertThat(wrong).as("wrong PINs evaluated").isEqualTo(5);
        assertThat(lockouts).isEqualTo(1);
    }
}
