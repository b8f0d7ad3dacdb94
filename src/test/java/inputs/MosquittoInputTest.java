package inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.ExternalService;
import support.IntakeProbe;

/**
 * MQTT input against an external broker: the local Mosquitto at 127.0.0.1:1883 (skipped when not running), one
 * instance with a plain subscription and a pinned client id, whose session keeps alarms published while it is away.
 * Several instances in a share group: {@link MqttTwoInstancesTest}.
 */
@ExternalService(ExternalService.Service.MOSQUITTO)
class MosquittoInputTest {

    static final String MOSQUITTO = "tcp://127.0.0.1:1883";
    static final String TOPIC = "callout-test/" + UUID.randomUUID() + "/alarms";
    static final String CLIENT_ID = "callout-test-" + UUID.randomUUID();

    static CalloutApp app;
    static IntakeProbe intake;

    @BeforeAll
    static void start() throws Exception {
        app = CalloutApp.start(Map.of(
                "callout.broker.embedded", "false",
                "callout.mqtt.url", MOSQUITTO,
                "callout.mqtt.topic", TOPIC,
                "callout.mqtt.client-id", CLIENT_ID,
                // one instance: a plain subscription stays while Callout stops (a share group is left at a clean stop)
                "callout.mqtt.shared-group", "none"));
        intake = IntakeProbe.install(app.context());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
            Mqtt.dropSession(MOSQUITTO, CLIENT_ID);
        }
    }

    @Test
    void should_hand_alarm_published_to_mosquitto_to_intake_once() throws Exception {
        String source = "test/mosquitto/" + UUID.randomUUID();
        String payload = "{\"source\": \"" + source + "\", \"name\": \"High Level\"}";

        Mqtt.publish(MOSQUITTO, TOPIC, payload);

        // the real intake stored it exactly once (the probe may attach after the message already went through)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                app.api("GET", "/api/alarms?limit=1000", null).body().split("\"source\":\"" + source + "\"", -1))
                .hasSize(2));
    }

    @Test
    void should_deliver_alarm_published_while_callout_was_down() throws Exception {
        String source = "test/mosquitto/" + UUID.randomUUID();
        String payload = "{\"source\": \"" + source + "\", \"name\": \"While Down\"}";

        app.stop();
        Mqtt.publish(MOSQUITTO, TOPIC, payload);
        app.start();
        intake = IntakeProbe.install(app.context());

        // the real intake stored it exactly once (the probe may attach after the message already went through)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                app.api("GET", "/api/alarms?limit=1000", null).body().split("\"source\":\"" + source + "\"", -1))
                .hasSize(2));
    }
}
