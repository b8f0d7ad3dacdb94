package inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.IntakeProbe;

/** MQTT input against the embedded Artemis broker. */
class MqttInputTest {

    static CalloutApp app;
    static IntakeProbe intake;
    static String brokerUrl;

    @BeforeAll
    static void start() throws Exception {
        app = CalloutApp.start(Map.of());
        intake = IntakeProbe.install(app.context());
        brokerUrl = app.property("callout.mqtt.url");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_listen_on_embedded_broker_by_default() {
        assertThat(brokerUrl).isEqualTo("tcp://127.0.0.1:" + app.property("callout.broker.mqtt-port"));
        assertThat(app.property("callout.mqtt.topic")).isEqualTo("callout/alarms");
    }

    @Test
    void should_hand_published_alarm_to_intake_once() throws Exception {
        String source = "test/mqtt/" + UUID.randomUUID();
        String payload = "{\"source\": \"" + source + "\", \"name\": \"High Level\"}";

        Mqtt.publish(brokerUrl, "callout/alarms", payload);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(intake.bodies("mqtt", source)).containsExactly(payload));
    }

    @Test
    void should_keep_consuming_after_rejected_payload() throws Exception {
        String source = "test/mqtt/" + UUID.randomUUID();
        String payload = "{\"source\": \"" + source + "\", \"name\": \"After Garbage\"}";

        Mqtt.publish(brokerUrl, "callout/alarms", "garbage " + source);
        Mqtt.publish(brokerUrl, "callout/alarms", payload);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(intake.bodies("mqtt", source)).containsExactly("garbage " + source,
                        payload));
        assertThat(app.context().getRouteController().getRouteStatus("alarm-input-mqtt"))
                .isEqualTo(ServiceStatus.Started);
    }
}
