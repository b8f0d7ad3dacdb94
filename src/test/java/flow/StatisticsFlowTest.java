package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;
import twilio.TwilioSignatures;

/**
 * A known mix through the sandbox: 3 SMS delivered, 1 undelivered (sent, then undelivered), outbound calls of 61 s and 5 s, 2 inbound SMS,
 * 1 inbound call of 30 s. Every counter is exact via the API, the CSV and Prometheus; replayed callbacks change
 * nothing; the counters survive a restart.
 */
class StatisticsFlowTest {

    @Test
    void should_count_the_mix_exactly_once_and_keep_it_across_restart() {
        try (CalloutApp app = CalloutApp.start(Map.of("callout.escalation.delay", "PT1H",
                "callout.escalation.rounds", "1"))) {
            String a = Roster.number();
            String b = Roster.number();
            String c = Roster.number();
            String d = Roster.number();
            long ua = Roster.user(app, "stats-a", a, "1111");
            long ub = Roster.user(app, "stats-b", b, "2222");
            long uc = Roster.user(app, "stats-c", c, "3333");
            long ud = Roster.user(app, "stats-d", d, "4444");
            Roster.roster(app, "stats-c", List.of(uc), List.of("voice"));
            Roster.roster(app, "stats-d", List.of(ud), List.of("voice"));
            app.setPhone(b, Map.of("sms", "undelivered"));
            app.setPhone(c, Map.of("answer", "answer", "duration", 61));
            app.setPhone(d, Map.of("answer", "answer", "duration", 5));
            app.setPhone(a, Map.of("answer", "answer", "duration", 30));

            List<String> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(app.api("POST", "/api/messages", Map.of("to", a, "body", "hello " + i)).json().get("sid").asText());
            }
            sent.add(app.api("POST", "/api/messages", Map.of("to", b, "body", "lost")).json().get("sid").asText());
            app.api("POST", "/api/alarms", Map.of("source", "stats/c", "name", "C", "roster", "stats-c"));
            app.api("POST", "/api/alarms", Map.of("source", "stats/d", "name", "D", "roster", "stats-d"));
            for (int i = 0; i < 2; i++) {
                app.send("POST", "/sandbox/phones/" + a.replace("+", "%2B") + "/sms", Map.of("body", "hi " + i), Map.of());
            }
            app.send("POST", "/sandbox/phones/" + a.replace("+", "%2B") + "/call", Map.of("digits", ""), Map.of());

            Map<String, Long> expected = new LinkedHashMap<>();
            // sent/delivered count (the rule): the undelivered SMS did reach "sent" before the carrier gave up
            expected.put("System/Gateway/Twilio/MessagesSent", 4L);
            expected.put("System/Gateway/Twilio/MessagesReceived", 2L);
            expected.put("System/Gateway/Twilio/CallsSent", 2L);
            expected.put("System/Gateway/Twilio/CallsReceived", 1L);
            expected.put("System/Gateway/Twilio/CallMinutesSent", 3L);
            expected.put("System/Gateway/Twilio/CallMinutesReceived", 1L);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(totals(app)).isEqualTo(expected));

            JsonNode userA = app.api("GET", "/api/users/" + ua + "/stats", null).json();
            assertThat(userA.get("username").asText()).isEqualTo("stats-a");
            assertThat(userA.get("phoneNumber").asText()).isEqualTo(a);
            assertThat(userA.get("messagesSent").asInt()).isEqualTo(3);
            assertThat(userA.get("messagesReceived").asInt()).isEqualTo(2);
            assertThat(userA.get("callsReceived").asInt()).isEqualTo(1);
            assertThat(userA.get("callMinutesReceived").asInt()).isEqualTo(1);
            assertThat(userA.get("callsSent").asInt()).isZero();
            assertThat(app.api("GET", "/api/users/" + ub + "/stats", null).json().get("messagesSent").asInt()).isEqualTo(1);
            JsonNode userC = app.api("GET", "/api/users/" + uc + "/stats", null).json();
            assertThat(userC.get("callsSent").asInt()).isEqualTo(1);
            assertThat(userC.get("callMinutesSent").asInt()).isEqualTo(2);
            JsonNode userD = app.api("GET", "/api/users/" + ud + "/stats", null).json();
            assertThat(userD.get("callMinutesSent").asInt()).isEqualTo(1);

            CalloutApp.Res csv = app.send("GET", "/api/stats/users", null,
                    Map.of("Authorization", "Bearer " + CalloutApp.TOKEN, "Accept", "text/csv"));
            assertThat(csv.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(csv.body()).contains(ua + ",stats-a," + a + ",3,2,0,1,0,1")
                    .contains(uc + ",stats-c," + c + ",0,0,1,0,2,0");
            assertPrometheus(app);

            // Twilio retries: every status callback and inbound message once more, correctly signed
            replayCallbacks(app, sent, List.of(a, b), Map.of(c, false, d, false, a, true));
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(totals(app)).isEqualTo(expected));

            app.restart();
            assertThat(totals(app)).isEqualTo(expected);
            assertPrometheus(app);
        }
    }

    private static Map<String, Long> totals(CalloutApp app) {
        JsonNode t = app.api("GET", "/api/stats", null).json();
        Map<String, Long> out = new LinkedHashMap<>();
        t.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    private static void assertPrometheus(CalloutApp app) {
        String text = app.send("GET", "/observe/metrics", null, Map.of()).body();
        Map<String, String> series = text.lines().filter(l -> l.startsWith("callout_twilio_"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(' ')), l -> l.substring(l.indexOf(' ') + 1),
                        (x, y) -> x));
        assertThat(series).containsEntry("callout_twilio_messages_sent", "4.0")
                .containsEntry("callout_twilio_messages_received", "2.0")
                .containsEntry("callout_twilio_calls_sent", "2.0")
                .containsEntry("callout_twilio_calls_received", "1.0")
                .containsEntry("callout_twilio_call_minutes_sent", "3.0")
                .containsEntry("callout_twilio_call_minutes_received", "1.0");
        assertThat(text).contains("System/Gateway/Twilio/MessagesSent").contains("camel_exchanges_total");
    }

    /** Replays, correctly signed, the status callbacks Twilio sent: the API messages' and every call's. */
    private static void replayCallbacks(CalloutApp app, List<String> messageSids, List<String> smsPhones,
                                        Map<String, Boolean> callPhonesInbound) {
        for (String n : smsPhones) {
            for (JsonNode m : app.phone(n).get("messages")) {
                if (messageSids.contains(m.get("sid").asText())) {
                    post(app, "/twilio/status/message/0", Map.of("MessageSid", m.get("sid").asText(), "MessageStatus",
                            m.get("status").asText(), "To", m.get("to").asText(), "From", m.get("from").asText()));
                }
            }
        }
        callPhonesInbound.forEach((n, inbound) -> {
            for (JsonNode call : app.phone(n).get("calls")) {
                Map<String, String> p = new LinkedHashMap<>();
                p.put("CallSid", call.get("sid").asText());
                p.put("CallStatus", call.get("status").asText());
                p.put("CallDuration", call.get("duration").asText());
                p.put("Direction", inbound ? "inbound" : "outbound-api");
                p.put(inbound ? "From" : "To", n);
                p.put(inbound ? "To" : "From", "+15005550006");
                post(app, "/twilio/status/call/0", p);
            }
        });
        // and the inbound messages themselves (Twilio retries webhooks too)
        for (JsonNode m : app.phone(smsPhones.get(0)).get("messages")) {
            if (m.get("from").asText().equals(smsPhones.get(0))) {
                post(app, "/twilio/sms", Map.of("MessageSid", m.get("sid").asText(), "From", m.get("from").asText(),
                        "To", "+15005550006", "Body", m.get("body").asText()));
            }
        }
    }

    private static void post(CalloutApp app, String path, Map<String, String> params) {
        String sig = TwilioSignatures.sign("sandbox-auth-token", app.url(path), params);
        String form = params.entrySet().stream().map(e -> e.getKey() + "="
                + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        CalloutApp.Res r = app.send("POST", path, form,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Twilio-Signature", sig));
        assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    }
}
