package inputs;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Publishes test alarms with the Paho MQTT 5 client, as a PLC gateway would. */
final class Mqtt {

    private Mqtt() {
    }

    static void publish(String brokerUrl, String topic, String payload) throws MqttException {
        MqttClient client = new MqttClient(brokerUrl, "callout-test-publisher-" + UUID.randomUUID(),
                new MemoryPersistence());
        try {
            client.connect(new MqttConnectionOptions());
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            client.disconnect();
        } finally {
            client.close();
        }
    }

    /** Ends a persistent session left on a shared broker (clean start, no expiry). */
    static void dropSession(String brokerUrl, String clientId) throws MqttException {
        MqttClient client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setSessionExpiryInterval(0L);
            client.connect(options);
            client.disconnect();
        } finally {
            client.close();
        }
    }
}
