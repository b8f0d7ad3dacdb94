package broker;

import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The MQTT input's Paho client: a persistent session (clean start off, session kept by the broker for
 * {@code sessionExpirySeconds}) that connects only once a callback is set. camel-paho-mqtt5 4.17 connects its own
 * client first and sets the callback after, so the QoS 1 alarms the broker kept while Callout was down arrive with no
 * callback and are lost; handing the consumer this client (endpoint option {@code client}) closes that gap.
 */
public final class SessionMqttClient extends MqttClient implements AutoCloseable {

    private final MqttConnectionOptions options;

    public SessionMqttClient(String brokerUrl, String clientId, long sessionExpirySeconds) throws MqttException {
        super(brokerUrl, clientId, new MemoryPersistence());
        options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpirySeconds);
        options.setAutomaticReconnect(true);
    }

    @Override
    public void setCallback(MqttCallback callback) {
        super.setCallback(callback);
        if (!isConnected()) {
            try {
                connect(options);
            } catch (MqttException e) {
                throw new IllegalStateException("cannot connect to MQTT broker " + getServerURI() + ": " + e, e);
            }
        }
    }

    @Override
    public void close() throws MqttException {
        if (isConnected()) {
            disconnect();
        }
        super.close();
    }
}
