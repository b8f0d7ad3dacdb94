package inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.Roster;

/**
 * The same alarm over each input (HTTP, file drop, MQTT, JMS) notifies the first roster member exactly once per
 * channel; the same eventId again, over the same input, notifies nobody.
 */
class AllInputsNotifyTest {

    static CalloutApp app;

    @BeforeAll
    static void start() {
        app = CalloutApp.start(Map.of("callout.escalation.delay", "PT1H"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    interface Input {
        void send(String payload) throws Exception;
    }

    private void assertOneNotificationPerChannel(String name, Input input) throws Exception {
        String n1 = Roster.number();
        String n2 = Roster.number();
        long u1 = Roster.user(app, name + "-ann", n1, "1111");
        long u2 = Roster.user(app, name + "-bob", n2, "2222");
        Roster.roster(app, name + "-team", List.of(u1, u2), List.of("sms", "voice"));
        String source = "inputs/" + name + "/" + UUID.randomUUID();
        String payload = "{\"source\":\"" + source + "\",\"name\":\"Over " + name + "\",\"roster\":\"" + name
                + "-team\",\"eventId\":\"" + source + "\"}";

        input.send(payload);

        JsonNode alarm = await().atMost(Duration.ofSeconds(20)).until(() -> alarmOf(source),
                a -> a != null && a.get("notifications").size() == 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(app.phone(n1).get("messages")).hasSize(1);
            assertThat(app.phone(n1).get("calls")).hasSize(1);
        });
        assertThat(alarm.get("input").asText()).isEqualTo(name);

        input.send(payload);  // the same eventId again
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
            assertThat(app.api("GET", "/api/alarms?limit=1000", null).body().split("\"source\":\"" + source + "\"", -1))
                    .hasSize(2);
            assertThat(alarmOf(source).get("notifications")).hasSize(2);
            assertThat(app.phone(n1).get("messages")).hasSize(1);
            assertThat(app.phone(n2).get("messages")).isEmpty();
        });
    }

    private JsonNode alarmOf(String source) {
        for (JsonNode a : app.api("GET", "/api/alarms?limit=1000", null).json()) {
            if (a.get("source").asText().equals(source)) {
                return app.api("GET", "/api/alarms/" + a.get("id").asLong(), null).json();
            }
        }
        return null;
    }

    @Test
    void should_notify_once_per_channel_over_http() throws Exception {
        assertOneNotificationPerChannel("http", p -> assertThat(app.api("POST", "/api/alarms", p).status()).isEqualTo(202));
    }

    @Test
    void should_notify_once_per_channel_over_file_drop() throws Exception {
        Path inbox = Path.of(app.property("callout.inbox.dir"));
        assertOneNotificationPerChannel("file", p -> {
            Path tmp = inbox.resolve("." + UUID.randomUUID() + ".tmp");
            Files.writeString(tmp, p);
            Files.move(tmp, inbox.resolve(UUID.randomUUID() + ".json"), StandardCopyOption.ATOMIC_MOVE);
        });
    }

    @Test
    void should_notify_once_per_channel_over_embedded_mqtt() throws Exception {
        String url = "tcp://127.0.0.1:" + app.property("callout.broker.mqtt-port");
        assertOneNotificationPerChannel("mqtt", p -> Mqtt.publish(url, app.property("callout.mqtt.topic"), p));
    }

    @Test
    void should_notify_once_per_channel_over_jms() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(app.property("callout.jms.url"))) {
            assertOneNotificationPerChannel("jms", p -> {
                try (Connection c = factory.createConnection()) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = s.createProducer(s.createQueue(app.property("callout.jms.queue")));
                    producer.send(s.createTextMessage(p));
                }
            });
        }
    }

    @Test
    void should_notify_once_per_channel_over_local_mosquitto() throws Exception {
        support.ExternalService.Service.MOSQUITTO.assumeUp("the external-broker test");
        String topic = "callout-test/" + UUID.randomUUID();
        try (CalloutApp external = CalloutApp.start(Map.of("callout.escalation.delay", "PT1H",
                "callout.broker.embedded", "false", "callout.mqtt.url", "tcp://127.0.0.1:1883",
                "callout.mqtt.topic", topic, "callout.mqtt.client-id", "callout-test-" + UUID.randomUUID(),
                "callout.jms.url", "tcp://127.0.0.1:1"))) {
            CalloutApp saved = app;
            app = external;
            try {
                assertOneNotificationPerChannel("mqtt", p -> Mqtt.publish("tcp://127.0.0.1:1883", topic, p));
            } finally {
                app = saved;
            }
        }
    }
}
