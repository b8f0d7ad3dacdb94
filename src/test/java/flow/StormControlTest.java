package flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/**
 * A storm through the real pipeline and the sandbox phones: 200 alarms to a 3-person roster. Each phone gets what
 * the bundle window and its rate limits allow, every alarm stays acknowledgeable, ALL <PIN> acknowledges all of
 * them, and the other two get one "ACK by" notice each.
 */
class StormControlTest {

    static final int ALARMS = 200;
    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of(
                // the product's limits; a bundle window shorter than the product's two minutes, but longer than it
                // takes this machine to escalate 200 alarms, so the test does not wait minutes
                "callout.bundle.window", "PT45S", "callout.bundle.poll", "300",
                "callout.limits.sms", "5/PT15M,11/PT1H", "callout.limits.voice", "3/PT15M,7/PT1H",
                "callout.escalation.delay", "PT2S", "callout.escalation.rounds", "1", "callout.escalation.poll", "200",
                "callout.notices.merge", "PT2S"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_bundle_a_storm_within_the_rate_limits_and_acknowledge_all_with_one_reply() {
        List<String> phones = new ArrayList<>();
        List<Long> users = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String n = Roster.number();
            String name = "storm" + i + "-" + UUID.randomUUID().toString().substring(0, 4);
            phones.add(n);
            names.add(name);
            users.add(Roster.user(app, name, n, "700" + i));
            app.setPhone(n, Map.of("answer", "no-answer"));
        }
        String roster = "storm-" + UUID.randomUUID();
        Roster.roster(app, roster, users, List.of("sms", "voice"));
        List<Map<String, Object>> storm = new ArrayList<>();
        for (int i = 0; i < ALARMS; i++) {
            storm.add(Map.of("source", "plant/line" + i + "/" + UUID.randomUUID(), "name", "Trip " + i,
                    "priority", i % 10 == 0 ? "Critical" : "High", "roster", roster));
        }

        CalloutApp.Res r = app.api("POST", "/api/alarms", storm);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        List<Long> alarms = new ArrayList<>();
        r.json().get("alarms").forEach(a -> alarms.add(a.get("alarmId").asLong()));
        assertThat(alarms).hasSize(ALARMS);

        // every phone gets a first alarm SMS, then one bundle with the rest
        for (String phone : phones) {
            await().atMost(Duration.ofSeconds(120)).until(() -> bodies(phone).stream()
                    .anyMatch(b -> b.matches("\\d+ new alarms \\(\\d+ Critical\\): .*Reply ALL <PIN> to acknowledge all, "
                            + "LIST for codes\\.")));
        }
        // nothing lost: every alarm has its notification rows for all three people on both channels
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (long id : List.of(alarms.get(0), alarms.get(ALARMS / 2), alarms.get(ALARMS - 1))) {
                JsonNode a = app.api("GET", "/api/alarms/" + id, null).json();
                assertThat(a.get("notifications")).hasSize(6);
            }
        });

        long t0 = System.nanoTime();
        CalloutApp.Res all = app.send("POST", "/sandbox/phones/" + phones.get(0).replace("+", "%2B") + "/sms",
                Map.of("body", "ALL 7000"), Map.of());
        System.out.printf("StormControlTest: ALL <PIN> acknowledged %d alarms, reply after %d ms%n", ALARMS,
                (System.nanoTime() - t0) / 1_000_000);

        String reply = all.json().get("messages").get(0).asText();
        // one readable SMS, however many alarms it settled
        assertThat(reply).startsWith("Acknowledged " + ALARMS + " alarms:").endsWith(".").hasSizeLessThan(400);
        for (long id : alarms) {
            assertThat(app.api("GET", "/api/alarms/" + id, null).json().get("state").asText())
                    .as("alarm %d", id).isEqualTo("acknowledged");
        }
        for (int i = 1; i < 3; i++) {
            String phone = phones.get(i);
            String notice = await().atMost(Duration.ofSeconds(20)).until(() -> bodies(phone).stream()
                    .filter(b -> b.startsWith("ACK by ")).findFirst().orElse(null), b -> b != null);
            assertThat(notice).startsWith("ACK by " + names.get(0) + " ").contains(": " + ALARMS + " alarms: ");
        }
        // quiet afterwards: exactly one notice each, and within the limits
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (int i = 1; i < 3; i++) {
                assertThat(bodies(phones.get(i)).stream().filter(b -> b.startsWith("ACK by "))).hasSize(1);
            }
        });
        Map<String, Integer> smsPer = new HashMap<>();
        Map<String, Integer> callsPer = new HashMap<>();
        for (String phone : phones) {
            JsonNode p = app.phone(phone);
            int sms = 0;
            for (JsonNode m : p.get("messages")) {
                if (!m.get("from").asText().equals(phone)) {
                    sms++;
                }
            }
            smsPer.put(phone, sms);
            callsPer.put(phone, p.get("calls").size());
        }
        System.out.println("storm of " + ALARMS + " alarms to 3 people: SMS per phone " + smsPer.values()
                + ", calls per phone " + callsPer.values());
        smsPer.forEach((phone, n) -> assertThat(n).as("SMS to %s", phone).isBetween(2, 5));
        callsPer.forEach((phone, n) -> assertThat(n).as("calls to %s", phone).isBetween(1, 3));
    }

    private static List<String> bodies(String phone) {
        List<String> out = new ArrayList<>();
        app.phone(phone).get("messages").forEach(m -> out.add(m.get("body").asText()));
        return out;
    }
}
