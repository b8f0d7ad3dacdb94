package broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Wires the alarm inputs' infrastructure into Camel: starts the embedded broker (unless
 * {@code callout.broker.embedded=false}, or both broker inputs are switched off) and binds the clients the inputs use:
 * {@code jmsConnectionFactory} and {@code jmsListenerContainers} (JMS) and {@code mqttAlarmClient} (MQTT, a
 * {@link SessionMqttClient}), with a readiness check per input ({@link InputHealthCheck}). All are stopped with
 * Camel, after the routes.
 */
public final class BrokerWiring {

    /**
     * Default of {@code callout.mqtt.session-expiry} for a stable client id (pinned {@code callout.instance-id} or
     * {@code callout.mqtt.client-id}) without a share group: one instance, whose alarms published while it is away
     * wait for it a week.
     */
    static final Duration MQTT_SESSION_EXPIRY_ALONE = Duration.ofDays(7);
    /**
     * The same in a share group: long enough for a crashed instance that its supervisor restarts to get back the
     * alarms that were on their way to it (and those dealt to it meanwhile); short, because the broker keeps dealing
     * a share of the alarms to a session whose instance is gone and drops them when the session expires.
     */
    static final Duration MQTT_SESSION_EXPIRY_SHARED = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger("callout.broker");

    private BrokerWiring() {
    }

    /** Call from a {@code CamelConfiguration} before routes start; {@code props} is Camel's property lookup. */
    public static void bind(CamelContext context, Function<String, Optional<String>> props) throws Exception {
        Path dataDir = Path.of(get(props, "callout.data.dir", "data"));

        String host = get(props, "callout.broker.host", "127.0.0.1");
        int jmsPort = app.Settings.port("callout.broker.jms-port", get(props, "callout.broker.jms-port", "61616"));
        int mqttPort = app.Settings.port("callout.broker.mqtt-port", get(props, "callout.broker.mqtt-port", "1884"));
        String queue = get(props, "callout.jms.queue", "callout.alarms");
        boolean jmsOn = app.Settings.enabled("callout.jms.enabled", get(props, "callout.jms.enabled", "true"));
        boolean mqttOn = app.Settings.enabled("callout.mqtt.enabled", get(props, "callout.mqtt.enabled", "true"));
        // while a broker cannot be reached, reconnects wait 1 s, 2 s, 4 s … up to this
        Duration reconnectMax = app.Settings.duration("callout.inputs.reconnect-max",
                get(props, "callout.inputs.reconnect-max", "PT5M"));
        boolean embedded = app.Settings.enabled("callout.broker.embedded", get(props, "callout.broker.embedded", "true"));
        if (embedded && (jmsOn || mqttOn)) {
            // started on its own thread while the rest of Callout is configured and its routes are built; Camel
            // starts this service before any route consumer, and it waits there until the broker is up (or fails)
            context.addService(new BackgroundStart(() -> {
                EmbeddedBroker broker = new EmbeddedBroker(host, jmsPort, mqttPort, dataDir.resolve("broker"), queue);
                broker.start();
                LOG.info("Embedded Artemis broker: JMS (core) tcp://{}:{}, MQTT tcp://{}:{}, journal in {}", host,
                        jmsPort, host, mqttPort, dataDir.resolve("broker"));
                return broker;
            }), true, true);
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(context);

        // the input routes' autoStartup follows callout.<input>.enabled; a switched-off input opens no connection
        String mqttUrl = get(props, "callout.mqtt.url", "tcp://127.0.0.1:" + mqttPort);
        MqttIdentity id = MqttIdentity.of(props, context.getRegistry().lookupByNameAndType("calloutInstanceId",
                String.class), sharedDatabase(props));
        SessionMqttClient mqtt = new SessionMqttClient(mqttUrl, id.clientId(), id.sessionExpiry().toSeconds(),
                reconnectMax, id.sharedGroup());
        context.addService(new Stopper(mqtt), true, true);
        context.getRegistry().bind("mqttAlarmClient", mqtt);
        health.register(InputHealthCheck.mqtt("alarm-input-mqtt", mqttUrl, mqtt));
        // heartbeats over MQTT: a client of its own (its own id: two clients with one id throw each other off), no
        // session kept (a beat that arrives late is no beat), in the same share group (each beat reaches one
        // instance), the same reconnect back-off, so a missing broker neither stops the start nor floods the log
        SessionMqttClient beats = new SessionMqttClient(mqttUrl, id.clientId() + "-heartbeats", 0, reconnectMax,
                id.sharedGroup());
        context.addService(new Stopper(beats), true, true);
        context.getRegistry().bind("mqttHeartbeatClient", beats);
        // a clean stop leaves the share groups first, while the routes still run: the broker deals no more alarms to
        // this instance, and those already on their way are stored before the routes stop
        context.getManagementStrategy().addEventNotifier(new LeaveOnStop(mqtt, beats));
        if (mqttOn) {
            LOG.info("MQTT input: client id {} on {}, {}, session kept {} after a lost connection", id.clientId(),
                    mqttUrl, id.sharedGroup() == null ? "plain subscription (one instance)"
                            : "share group " + id.sharedGroup(), id.sessionExpiry());
        }

        String jmsUrl = get(props, "callout.jms.url", "tcp://127.0.0.1:" + jmsPort);
        // the consumer reconnects by itself; sessions cached for the dead-letter producer
        CachingConnectionFactory jms = new CachingConnectionFactory(new ActiveMQConnectionFactory(jmsUrl));
        jms.setSessionCacheSize(10);
        jms.setReconnectOnException(true);
        context.addService(new Stopper(jms::destroy), true, true);
        context.getRegistry().bind("jmsConnectionFactory", jms);
        context.getRegistry().bind("jmsListenerContainers", new BackoffJmsContainers(reconnectMax));
        health.register(InputHealthCheck.jms("alarm-input-jms", jmsUrl));
    }

    /** Whether several instances can share this database (PostgreSQL; an embedded H2 file has one process). */
    static boolean sharedDatabase(Function<String, Optional<String>> props) {
        return props.apply("callout.db.url").map(String::trim).filter(u -> !u.isEmpty() && !u.startsWith("jdbc:h2:"))
                .isPresent();
    }

    /**
     * The MQTT input's identity on the broker. Share group {@code callout.mqtt.shared-group} (empty or {@code none}: a
     * plain subscription); unset, it follows the database: {@code callout} on a database several instances can share
     * (PostgreSQL), none on the embedded H2 file, which only one instance can open. Client id
     * {@code callout.mqtt.client-id}, else {@code callout-<instance id>} when the instance id is pinned or in a share
     * group (unique per instance), else {@code callout} (the one instance, stable across restarts). Session expiry
     * {@code callout.mqtt.session-expiry}, by default {@code PT0S} when the client id changes at every start (no later
     * run could ever collect what the session kept), else {@link #MQTT_SESSION_EXPIRY_SHARED} in a share group and
     * {@link #MQTT_SESSION_EXPIRY_ALONE} without one.
     */
    record MqttIdentity(String clientId, String sharedGroup, Duration sessionExpiry) {

        static MqttIdentity of(Function<String, Optional<String>> props, String instanceId, boolean sharedDatabase) {
            Optional<String> pinnedClient = props.apply("callout.mqtt.client-id").map(String::trim)
                    .filter(v -> !v.isEmpty());
            boolean pinnedInstance = props.apply("callout.instance-id").map(String::trim).filter(v -> !v.isEmpty())
                    .isPresent();
            String group = props.apply("callout.mqtt.shared-group").map(String::trim)
                    .orElse(sharedDatabase ? "callout" : "none");
            if (group.isEmpty() || group.equalsIgnoreCase("none")) {
                group = null;
            } else if (group.matches(".*[/+#].*")) {
                throw new IllegalArgumentException("callout.mqtt.shared-group must not contain /, + or #: " + group);
            }
            boolean alone = group == null && !pinnedInstance;
            String clientId = pinnedClient.orElseGet(() -> alone ? "callout" : "callout-" + (instanceId != null
                    ? instanceId : cluster.InstanceId.of(props.apply("callout.instance-id").orElse(""))));
            boolean stable = pinnedClient.isPresent() || pinnedInstance || alone;
            Duration expiry = props.apply("callout.mqtt.session-expiry").map(String::trim).filter(v -> !v.isEmpty())
                    .map(v -> app.Settings.duration("callout.mqtt.session-expiry", v))
                    .orElse(!stable ? Duration.ZERO : group == null ? MQTT_SESSION_EXPIRY_ALONE
                            : MQTT_SESSION_EXPIRY_SHARED);
            if (expiry.isNegative() || expiry.toSeconds() > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("callout.mqtt.session-expiry out of range: " + expiry);
            }
            return new MqttIdentity(clientId, group, expiry);
        }
    }

    /** At the start of a clean stop (before the routes stop), the MQTT clients leave their share groups. */
    private static final class LeaveOnStop extends EventNotifierSupport {
        private final SessionMqttClient[] clients;

        LeaveOnStop(SessionMqttClient... clients) {
            this.clients = clients;
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.CamelContextStoppingEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            for (SessionMqttClient client : clients) {
                client.leave();
            }
        }
    }

    private static String get(Function<String, Optional<String>> props, String key, String def) {
        return props.apply(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(def);
    }

    /**
     * Creates and starts the embedded broker on a background thread at once; {@link #doStart()} (Camel starts
     * services before route consumers) waits for it and rethrows its failure; stops it with Camel.
     */
    private static final class BackgroundStart extends ServiceSupport {
        private final CompletableFuture<EmbeddedBroker> started = new CompletableFuture<>();

        BackgroundStart(Callable<EmbeddedBroker> start) {
            Thread t = new Thread(() -> {
                try {
                    started.complete(start.call());
                } catch (Throwable e) {
                    started.completeExceptionally(e);
                }
            }, "callout-broker-start");
            t.setDaemon(true);
            t.start();
        }

        @Override
        protected void doStart() throws Exception {
            try {
                started.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof Exception ex ? ex : new IllegalStateException("embedded broker failed", cause);
            }
        }

        @Override
        protected void doStop() throws Exception {
            EmbeddedBroker broker;
            try {
                broker = started.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return; // it never started
            }
            broker.close();
        }
    }

    /** Closes one resource when Camel stops (services stop in reverse order, after the routes). */
    private static final class Stopper extends ServiceSupport {
        private final AutoCloseable closeable;

        Stopper(AutoCloseable closeable) {
            this.closeable = closeable;
        }

        @Override
        protected void doStop() throws Exception {
            closeable.close();
        }
    }
}
