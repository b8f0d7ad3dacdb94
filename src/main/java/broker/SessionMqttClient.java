package broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT input's Paho client: a persistent session (clean start off, session kept by the broker for
 * {@code sessionExpirySeconds}) that connects only once a callback is set. camel-paho-mqtt5 4.17 connects its own
 * client first and sets the callback after, so the QoS 1 alarms the broker kept while Callout was down arrive with no
 * callback and are lost; handing the consumer this client (endpoint option {@code client}) closes that gap.
 * <p>
 * A broker that cannot be reached at start does not stop Callout: the client retries in the background, waiting
 * 1 s, 2 s, 4 s … up to {@code maxRetryInterval}, logs the first failure and then only at doubling counts, and
 * subscribes once connected ({@link InputHealthCheck} reports the input DOWN meanwhile). Paho's own automatic
 * reconnect covers a connection lost later.
 */
public final class SessionMqttClient extends MqttClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("callout.broker");

    private final MqttConnectionOptions options;
    private final Duration maxRetryInterval;
    private final Map<String, Integer> pendingSubscriptions = new LinkedHashMap<>();
    private ScheduledExecutorService retries;
    private int failures;
    private boolean closed;

    public SessionMqttClient(String brokerUrl, String clientId, long sessionExpirySeconds, Duration maxRetryInterval)
            throws MqttException {
        super(brokerUrl, clientId, new MemoryPersistence());
        this.maxRetryInterval = maxRetryInterval;
        options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpirySeconds);
        options.setAutomaticReconnect(true);
    }

    @Override
    public void setCallback(MqttCallback callback) {
        super.setCallback(callback);
        if (!isConnected()) {
            connectOrRetry();
        }
    }

    /** Subscribes now when connected, else as soon as the connection is made. */
    @Override
    public synchronized IMqttToken subscribe(String topicFilter, int qos) throws MqttException {
        if (isConnected()) {
            return super.subscribe(topicFilter, qos);
        }
        pendingSubscriptions.put(topicFilter, qos);
        return null;
    }

    private synchronized void connectOrRetry() {
        if (closed) {
            return;
        }
        try {
            connect(options);
        } catch (MqttException e) {
            failures++;
            long wait = retryWait(failures, maxRetryInterval).toMillis();
            if (Integer.bitCount(failures) == 1) {
                LOG.warn("MQTT input cannot connect to {} ({}; {} tries): retrying in {} s, then at most every {}",
                        getServerURI(), e.getMessage(), failures, wait / 1000, maxRetryInterval);
            }
            if (retries == null) {
                retries = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "callout-mqtt-reconnect");
                    t.setDaemon(true);
                    return t;
                });
            }
            retries.schedule(this::connectOrRetry, wait, TimeUnit.MILLISECONDS);
            return;
        }
        if (failures > 0) {
            LOG.info("MQTT input connected to {} after {} failed tries", getServerURI(), failures);
            failures = 0;
        }
        try {
            for (Map.Entry<String, Integer> s : pendingSubscriptions.entrySet()) {
                super.subscribe(s.getKey(), s.getValue());
            }
            pendingSubscriptions.clear();
        } catch (MqttException e) {
            LOG.warn("MQTT input connected to {} but cannot subscribe: {}", getServerURI(), e.getMessage());
        }
    }

    /** 1 s, 2 s, 4 s … capped at {@code max}. */
    static Duration retryWait(int failures, Duration max) {
        long seconds = 1L << Math.min(failures - 1, 20);
        return Duration.ofSeconds(seconds).compareTo(max) > 0 ? max : Duration.ofSeconds(seconds);
    }

    @Override
    public synchronized void close() throws MqttException {
        closed = true;
        if (retries != null) {
            retries.shutdownNow();
        }
        if (isConnected()) {
            disconnect();
        }
        super.close();
    }
}
