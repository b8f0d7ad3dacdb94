package broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
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
 * <p>
 * Several instances: with a {@code sharedGroup} every subscription is made as the MQTT 5 shared subscription
 * {@code $share/<group>/<filter>}, so the broker hands each message to one member of the group (one Callout instance)
 * instead of to all. A member that stops cleanly first {@link #leave() leaves} the group (unsubscribes while its routes
 * still run), so the broker stops routing messages to a session that is going away: Mosquitto 2 keeps dealing a
 * disconnected member's share into its session (measured on 2.0.11) until it returns or the session expires.
 */
public final class SessionMqttClient extends MqttClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("callout.broker");

    private final MqttConnectionOptions options;
    private final Duration maxRetryInterval;
    private final String sharedGroup;
    private final Map<String, Integer> pendingSubscriptions = new LinkedHashMap<>();
    private final Set<String> subscribed = new LinkedHashSet<>();
    private boolean left;
    /** Messages being handled by the callback now, and when the last one arrived (System.nanoTime). */
    private final AtomicInteger handling = new AtomicInteger();
    private volatile long lastArrival = System.nanoTime();
    private ScheduledExecutorService retries;
    private int failures;
    private boolean closed;

    public SessionMqttClient(String brokerUrl, String clientId, long sessionExpirySeconds, Duration maxRetryInterval)
            throws MqttException {
        this(brokerUrl, clientId, sessionExpirySeconds, maxRetryInterval, null);
    }

    /** {@code sharedGroup}: null or empty for plain subscriptions, else the MQTT 5 share group of every subscription. */
    public SessionMqttClient(String brokerUrl, String clientId, long sessionExpirySeconds, Duration maxRetryInterval,
            String sharedGroup) throws MqttException {
        super(brokerUrl, clientId, new MemoryPersistence());
        this.maxRetryInterval = maxRetryInterval;
        this.sharedGroup = sharedGroup == null || sharedGroup.isBlank() ? null : sharedGroup.trim();
        options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpirySeconds);
        options.setAutomaticReconnect(true);
        // a dead connection (host lost, no TCP reset) is noticed by the broker within 1.5 keep-alives; what it sent
        // there meanwhile waits for this session (or is lost with it when the session does not outlive the connection)
        options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        // at most this many unacknowledged QoS 1 messages on the way to this client: the route takes them one by one,
        // so more buys nothing, and fewer are at stake when the process dies
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
    }

    static final int KEEP_ALIVE_SECONDS = 15;
    static final int RECEIVE_MAXIMUM = 10;

    /** The filter actually subscribed for {@code topicFilter}: {@code $share/<group>/<filter>} in a share group. */
    public String subscription(String topicFilter) {
        return sharedGroup == null || topicFilter.startsWith("$share/") ? topicFilter
                : "$share/" + sharedGroup + "/" + topicFilter;
    }

    public String sharedGroup() {
        return sharedGroup;
    }

    @Override
    public void setCallback(MqttCallback callback) {
        super.setCallback(callback == null ? null : new Tracking(callback));
        if (!isConnected()) {
            connectOrRetry();
        }
    }

    /** Subscribes now when connected, else as soon as the connection is made. */
    @Override
    public synchronized IMqttToken subscribe(String topicFilter, int qos) throws MqttException {
        if (left) {
            // stopping: Camel's consumer resubscribes after a reconnect, but this member has left its group
            return null;
        }
        String filter = subscription(topicFilter);
        if (isConnected()) {
            IMqttToken token = super.subscribe(filter, qos);
            subscribed.add(filter);
            return token;
        }
        pendingSubscriptions.put(filter, qos);
        return null;
    }

    /**
     * Leaves the share group before a clean stop: unsubscribes (waiting for the broker's acknowledgement), so no new
     * message is dealt to this member; those already on their way still arrive and are handled while the routes run.
     * Without a share group the subscription stays: the session keeps the messages that arrive while Callout is away.
     */
    public void leave() {
        leave(DRAIN_QUIET, DRAIN_MAX);
    }

    /** Quiet time after which the messages the broker had queued for this member count as drained, and the limit. */
    static final Duration DRAIN_QUIET = Duration.ofSeconds(1);
    static final Duration DRAIN_MAX = Duration.ofSeconds(30);

    void leave(Duration quiet, Duration max) {
        if (unsubscribeFromGroup()) {
            drain(quiet, max);
        }
    }

    /**
     * Waits until the messages the broker had already dealt to this session (queued behind the in-flight window, sent
     * even after the unsubscription) have arrived and been handled: nothing arrived for {@code quiet} and nothing is
     * being handled, or {@code max} passed. Otherwise they would stay in the session when it disconnects, and wait
     * for this instance to return (or be dropped with the session).
     */
    private void drain(Duration quiet, Duration max) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < max.toNanos()) {
            if (handling.get() == 0 && System.nanoTime() - lastArrival >= quiet.toNanos()) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        LOG.warn("MQTT client {} still receiving {} after leaving share group {}: stopping anyway", getClientId(), max,
                sharedGroup);
    }

    /** True when it unsubscribed (and should drain). */
    private synchronized boolean unsubscribeFromGroup() {
        if (sharedGroup == null || left) {
            return false;
        }
        left = true;
        pendingSubscriptions.clear();
        if (!isConnected() || subscribed.isEmpty()) {
            return false;
        }
        try {
            super.unsubscribe(subscribed.toArray(String[]::new));
            LOG.info("MQTT client {} left share group {} ({})", getClientId(), sharedGroup, subscribed);
            subscribed.clear();
            return true;
        } catch (MqttException e) {
            LOG.warn("MQTT client {} could not leave share group {}: {}", getClientId(), sharedGroup,
                    e.getMessage());
            return false;
        }
    }

    /** The route's callback, counting the messages it handles (for {@link #drain}). */
    private final class Tracking implements MqttCallback {
        private final MqttCallback delegate;

        Tracking(MqttCallback delegate) {
            this.delegate = delegate;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            handling.incrementAndGet();
            lastArrival = System.nanoTime();
            try {
                delegate.messageArrived(topic, message);
            } finally {
                lastArrival = System.nanoTime();
                handling.decrementAndGet();
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            delegate.disconnected(response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            delegate.mqttErrorOccurred(exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            delegate.deliveryComplete(token);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            delegate.connectComplete(reconnect, serverURI);
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            delegate.authPacketArrived(reasonCode, properties);
        }
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
                subscribed.add(s.getKey());
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
