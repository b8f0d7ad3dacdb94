package events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.ServiceStatus;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/** Events out: user routes on seda:callout-events see what happens to alarms; the shipped example acks over MQTT. */
class EventsOutTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static CalloutApp app;
    static Path routesDir;
    static Path eventsDir;

    @BeforeAll
    static void start() throws Exception {
        app = new CalloutApp(Map.of("callout.escalation.delay", "PT30S"));
        routesDir = app.dataDir().resolve("routes");
        eventsDir = app.dataDir().resolve("events");
        Files.createDirectories(routesDir);
        // a user route, as an operator would write one: every event as a file named for its type
        write("events-to-files.yaml", """
                - route:
                    id: test-events-to-files
                    from:
                      uri: seda:callout-events
                      parameters:
                        multipleConsumers: true
                      steps:
                        - to:
                            uri: file:%s
                            parameters:
                              fileName: "${header.CalloutEventType}-${exchangeId}.json"
                """.formatted(eventsDir));
        write("acks-to-mqtt.yaml", Files.readString(Path.of("examples/acks-to-mqtt.yaml")));
        app.start();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                app.context().getRouteController().getRouteStatus("acks-to-mqtt") == ServiceStatus.Started);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_publish_raised_notified_acknowledged_and_write_ack_back_over_mqtt() throws Exception {
        String number = Roster.number();
        long ann = Roster.user(app, "ann-" + UUID.randomUUID(), number, "4321");
        String roster = "events-" + UUID.randomUUID();
        Roster.roster(app, roster, List.of(ann), List.of("sms"));
        String source = "site1/tank" + UUID.randomUUID() + "/level/High";
        List<String> acks = new CopyOnWriteArrayList<>();
        MqttClient hmi = subscribe("callout/acks/" + source, acks);
        try {
            long alarmId = app.api("POST", "/api/alarms", Map.of("source", source, "name", "High Level",
                    "priority", "High", "message", "Tank level at 95%", "roster", roster)).json().get("alarmId").asLong();
            JsonNode sms = await().atMost(Duration.ofSeconds(10)).until(
                    () -> app.phone(number).get("messages"), m -> m.size() == 1).get(0);
            Matcher code = Pattern.compile("Reply ([A-Z0-9]{4}) ").matcher(sms.get("body").asText());
            assertThat(code.find()).isTrue();

            app.send("POST", "/sandbox/phones/" + number.replace("+", "%2B") + "/sms",
                    Map.of("body", code.group(1) + " 4321"), Map.of());
            long ackedAt = System.nanoTime();

            JsonNode ack = await().atMost(Duration.ofSeconds(1)).until(() -> event(alarmId, "alarm.acknowledged"),
                    e -> e != null);
            assertThat(Duration.ofNanos(System.nanoTime() - ackedAt)).isLessThan(Duration.ofSeconds(1));
            assertThat(ack.get("source").asText()).isEqualTo(source);
            assertThat(ack.get("name").asText()).isEqualTo("High Level");
            assertThat(ack.get("priority").asText()).isEqualTo("High");
            assertThat(ack.get("userId").asLong()).isEqualTo(ann);
            assertThat(ack.get("channel").asText()).isEqualTo("sms");
            assertThat(event(alarmId, "alarm.raised")).isNotNull();
            JsonNode notified = await().atMost(Duration.ofSeconds(5)).until(() -> event(alarmId, "alarm.notified"),
                    e -> e != null);
            assertThat(notified.get("userId").asLong()).isEqualTo(ann);
            assertThat(notified.get("channel").asText()).isEqualTo("sms");
            await().atMost(Duration.ofSeconds(5)).until(() -> event(alarmId, "alarm.delivered"), e -> e != null);

            // the shipped example: the HMI sees the ack on callout/acks/<source>
            await().atMost(Duration.ofSeconds(5)).until(() -> acks.size() == 1);
            JsonNode mqtt = JSON.readTree(acks.get(0));
            assertThat(mqtt.get("type").asText()).isEqualTo("alarm.acknowledged");
            assertThat(mqtt.get("alarmId").asLong()).isEqualTo(alarmId);
            assertThat(mqtt.get("source").asText()).isEqualTo(source);
        } finally {
            hmi.disconnect();
            hmi.close();
        }
    }

    @Test
    void should_publish_cleared_and_inbound_sms() {
        String source = "site2/pump" + UUID.randomUUID();
        long alarmId = app.api("POST", "/api/alarms", Map.of("source", source, "name", "Pump trip"))
                .json().get("alarmId").asLong();
        app.api("POST", "/api/alarms", Map.of("source", source, "name", "Pump trip", "state", "cleared"));

        JsonNode cleared = await().atMost(Duration.ofSeconds(5)).until(() -> event(alarmId, "alarm.cleared"),
                e -> e != null);
        assertThat(cleared.get("source").asText()).isEqualTo(source);
        assertThat(cleared.get("state").asText()).isEqualTo("cleared");

        String stranger = Roster.number();
        app.send("POST", "/sandbox/phones/" + stranger.replace("+", "%2B") + "/sms", Map.of("body", "hello?"), Map.of());
        JsonNode sms = await().atMost(Duration.ofSeconds(5)).until(() -> events("sms.received").stream()
                .filter(e -> stranger.equals(e.path("from").asText())).findFirst().orElse(null), e -> e != null);
        assertThat(sms.get("body").asText()).isEqualTo("hello?");
        assertThat(sms.get("channel").asText()).isEqualTo("sms");
    }

    @Test
    void should_cost_nothing_and_queue_nothing_when_no_route_listens() {
        EventPublisher quiet = new EventPublisher(() -> false, (json, headers) -> {
            throw new AssertionError("nothing listens: nothing may be sent");
        }, id -> { throw new AssertionError("nothing listens: no alarm may be read"); }, java.time.Clock.systemUTC());
        quiet.raised(1);
        quiet.audited("alarm-ack", 1L, 2L, "sms", "acknowledged", null);
        quiet.close();
        assertThat(quiet.counts()).containsExactly(0, 0);
    }

    @Test
    void should_map_only_alarm_events_from_the_audit_trail() {
        assertThat(EventPublisher.typeOf("alarm-ack", "acknowledged")).isEqualTo("alarm.acknowledged");
        assertThat(EventPublisher.typeOf("alarm-ack", "already_acknowledged")).isNull();
        assertThat(EventPublisher.typeOf("notification-no-answer", "no-answer")).isEqualTo("alarm.not-delivered");
        assertThat(EventPublisher.typeOf("pin-failed", "wrong-pin")).isNull();
        assertThat(EventPublisher.topicSafe("a/+/b#")).isEqualTo("a/_/b_");
    }

    private static JsonNode event(long alarmId, String type) {
        return events(type).stream().filter(e -> e.path("alarmId").asLong() == alarmId).findFirst().orElse(null);
    }

    private static List<JsonNode> events(String type) {
        List<JsonNode> found = new ArrayList<>();
        if (!Files.isDirectory(eventsDir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(eventsDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(type + "-")).toList()) {
                found.add(JSON.readTree(Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (Exception e) {
            // a file still being written: the next poll reads it
        }
        return found;
    }

    private static MqttClient subscribe(String topic, List<String> into) throws Exception {
        MqttClient c = new MqttClient(app.property("callout.mqtt.url"), "hmi-" + UUID.randomUUID(),
                new MemoryPersistence());
        c.connect(new MqttConnectionOptions());
        // the (String, int, listener) overload of Paho 1.2.5 calls itself until the stack overflows
        c.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
            new org.eclipse.paho.mqttv5.common.MqttSubscription(topic, 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                    (t, m) -> into.add(new String(m.getPayload(), StandardCharsets.UTF_8))});
        return c;
    }

    private static void write(String name, String yaml) throws Exception {
        Path tmp = routesDir.resolve("." + name + ".tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        Files.move(tmp, routesDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
