package oncall;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Phone;
import support.Roster;
import support.TestClock;

/** Heartbeats: beats over HTTP and MQTT keep them quiet; a missed one pages once; the next beat clears it. */
class HeartbeatFlowTest {

    static final TestClock clock = new TestClock();
    static CalloutApp app;

    @BeforeAll
    static void start() {
        // a step delay shorter than the heartbeat's interval: the test sees escalation stop before the next miss
        app = CalloutApp.start(Map.of("callout.escalation.poll", "200", "callout.heartbeats.poll", "200",
                "callout.escalation.delay", "PT40S"), Map.of("clock", clock));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static long heartbeat(String name, String roster) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "interval", "PT1M"));
        if (roster != null) {
            body.put("roster", roster);
        }
        CalloutApp.Res r = app.api("POST", "/api/heartbeats", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("priority").asText()).isEqualTo("Critical");
        assertThat(r.json().get("state").asText()).isEqualTo("ok");
        return r.json().get("id").asLong();
    }

    static void beat(long id) {
        assertThat(app.api("POST", "/api/heartbeats/" + id + "/beat", null).status()).isEqualTo(200);
    }

    static List<JsonNode> alarmsOf(String source) {
        List<JsonNode> out = new ArrayList<>();
        app.api("GET", "/api/alarms?limit=1000", null).json().forEach(a -> {
            if (a.get("source").asText().equals(source)) {
                out.add(a);
            }
        });
        return out;
    }

    @Test
    void should_page_roster_once_when_beats_stop_and_clear_and_stop_escalating_on_next_beat() {
        String number = Roster.number();
        Phone ann = new Phone(app, number);
        Roster.roster(app, "scada-team", List.of(Roster.user(app, "hb-ann", number, "4321")), List.of("sms"));
        long id = heartbeat("scada-1", "scada-team");

        for (int i = 0; i < 3; i++) {
            clock.advance(ofSeconds(50));
            beat(id);
        }
        ann.expectNothing();
        assertThat(alarmsOf("heartbeat/scada-1")).isEmpty();

        clock.advance(ofSeconds(61));
        ann.expectSms("[CRITICAL] ");
        List<JsonNode> lost = alarmsOf("heartbeat/scada-1");
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0).get("name").asText()).isEqualTo("Heartbeat lost: scada-1");
        assertThat(lost.get(0).get("priority").asText()).isEqualTo("Critical");
        assertThat(lost.get(0).get("state").asText()).isEqualTo("active");
        assertThat(app.api("GET", "/api/heartbeats/" + id, null).json().get("state").asText()).isEqualTo("lost");
        clock.advance(ofSeconds(30));
        ann.expectNothing();
        assertThat(alarmsOf("heartbeat/scada-1")).hasSize(1);

        beat(id);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(alarmsOf("heartbeat/scada-1").get(0).get("state").asText()).isEqualTo("cleared"));
        assertThat(app.api("GET", "/api/heartbeats/" + id, null).json().get("state").asText()).isEqualTo("ok");
        // escalation stopped: the 40 s step delay passes without another page (and the heartbeat is not due again)
        clock.advance(ofSeconds(50));
        ann.expectNothing();
        assertThat(alarmsOf("heartbeat/scada-1")).hasSize(1);
        app.api("DELETE", "/api/heartbeats/" + id, null);
    }

    @Test
    void should_take_any_mqtt_message_on_the_heartbeat_topic_as_a_beat() throws Exception {
        long id = heartbeat("plc-7", null);
        assertThat(app.api("GET", "/api/heartbeats/" + id, null).json().get("lastBeat").isNull()).isTrue();

        MqttClient client = new MqttClient(app.property("callout.mqtt.url"), "hb-test-" + UUID.randomUUID(),
                new MemoryPersistence());
        try {
            client.connect(new MqttConnectionOptions());
            client.publish("callout/heartbeats/plc-7", "alive".getBytes(StandardCharsets.UTF_8), 1, false);
            client.disconnect();
        } finally {
            client.close();
        }

        JsonNode hb = await().atMost(Duration.ofSeconds(15)).until(
                () -> app.api("GET", "/api/heartbeats/" + id, null).json(), h -> h.hasNonNull("lastBeat"));
        assertThat(hb.get("lastBeat").asText()).isEqualTo(clock.instant().toString());
        assertThat(hb.get("dueBy").asText()).isEqualTo(clock.instant().plusSeconds(60).toString());
        JsonNode listed = app.api("GET", "/api/heartbeats", null).json();
        assertThat(listed.findValuesAsText("name")).contains("plc-7");
        assertThat(app.api("DELETE", "/api/heartbeats/" + id, null).status()).isEqualTo(204);
        assertThat(app.api("GET", "/api/heartbeats/" + id, null).status()).isEqualTo(404);
    }
}
