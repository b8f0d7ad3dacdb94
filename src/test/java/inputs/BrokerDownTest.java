package inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import broker.EmbeddedBroker;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.jms.JmsConsumer;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutProcess;
import support.IntakeProbe;

/** External brokers that are missing: the inputs say so in health, back off, and can be switched off. */
class BrokerDownTest {

    @Test
    void should_report_jms_and_mqtt_inputs_down_by_name_while_no_broker_answers() {
        try (CalloutApp app = CalloutApp.start(deadBrokers(Map.of()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                CalloutApp.Res health = app.send("GET", "/observe/health?data=true", null, Map.of());
                assertThat(health.status()).as(health.body()).isEqualTo(503);
                assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
                assertThat(check(health, "input-jms")).isEqualTo("DOWN");
                assertThat(check(health, "input-mqtt")).isEqualTo("DOWN");
            });
        }
    }

    @Test
    void should_run_the_jms_input_on_the_backoff_container_while_it_cannot_connect() throws Exception {
        try (CalloutApp app = CalloutApp.start(deadBrokers(Map.of("callout.inputs.reconnect-max", "PT2M")))) {
            JmsConsumer consumer = (JmsConsumer) app.context().getRoute("alarm-input-jms").getConsumer();
            var execution = ((org.springframework.jms.listener.DefaultMessageListenerContainer)
                    consumer.getListenerContainer());

            assertThat(execution.getClass().getName()).isEqualTo("broker.BackoffJmsContainers$Container");
            assertThat(execution.isRecovering() || !execution.isRegisteredWithDestination()).isTrue();
        }
    }

    @Test
    void should_start_healthy_with_every_input_switched_off_and_open_no_broker() {
        Map<String, String> off = Map.of("callout.jms.enabled", "false", "callout.mqtt.enabled", "false",
                "callout.files.enabled", "false");
        try (CalloutApp app = CalloutApp.start(off)) {
            for (String route : new String[] {"alarm-input-jms", "alarm-input-mqtt", "alarm-input-file"}) {
                assertThat(app.context().getRouteController().getRouteStatus(route)).as(route)
                        .isEqualTo(ServiceStatus.Stopped);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                CalloutApp.Res health = app.send("GET", "/observe/health", null, Map.of());
                assertThat(health.status()).as(health.body()).isEqualTo(200);
                assertThat(health.json().get("status").asText()).isEqualTo("UP");
            });
            // no embedded broker either: nothing listens on its JMS port
            int jmsPort = Integer.parseInt(app.property("callout.broker.jms-port"));
            assertThat(canConnect(jmsPort)).isFalse();
        }
    }

    @Test
    void should_connect_the_mqtt_input_once_the_broker_comes_up() throws Exception {
        int mqttPort = CalloutProcess.freePort();
        Map<String, String> props = Map.of("callout.broker.embedded", "false", "callout.jms.enabled", "false",
                "callout.mqtt.url", "tcp://127.0.0.1:" + mqttPort, "callout.inputs.reconnect-max", "PT1S",
                "callout.mqtt.client-id", "callout-" + UUID.randomUUID());
        try (CalloutApp app = CalloutApp.start(props)) {
            IntakeProbe intake = IntakeProbe.install(app.context());
            EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", CalloutProcess.freePort(), mqttPort,
                    Files.createTempDirectory("callout-late-broker"), "callout.alarms");
            broker.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> app.send("GET", "/observe/health", null, Map.of())
                        .status() == 200);
                String source = "test/mqtt/late/" + UUID.randomUUID();
                String payload = "{\"source\": \"" + source + "\", \"name\": \"Late broker\"}";

                Mqtt.publish("tcp://127.0.0.1:" + mqttPort, "callout/alarms", payload);

                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(intake.bodies("mqtt", source)).containsExactly(payload));
            } finally {
                broker.close();
            }
        }
    }

    /** No broker on the ports the JMS and MQTT inputs use. */
    private static Map<String, String> deadBrokers(Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put("callout.broker.embedded", "false");
        props.put("callout.jms.url", "tcp://127.0.0.1:" + CalloutProcess.freePort());
        props.put("callout.mqtt.url", "tcp://127.0.0.1:" + CalloutProcess.freePort());
        return props;
    }

    private static String check(CalloutApp.Res health, String id) {
        for (var c : health.json().path("checks")) {
            if (id.equals(c.path("name").asText())) {
                return c.path("status").asText();
            }
        }
        throw new AssertionError("no check " + id + " in " + health.body());
    }

    private static boolean canConnect(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
