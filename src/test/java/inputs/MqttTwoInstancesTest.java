package inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.CalloutProcess;
import support.ExternalService;
import support.IntakeProbe;
import support.PostgresSchema;

/**
 * Two Callout instances on one PostgreSQL schema, both on the local Mosquitto in the default share group
 * ({@code $share/callout/<topic>}), each with its own client id from its pinned instance id. 200 alarms with distinct
 * sources plus one source raised, cleared and raised again: each reaches one instance only and is stored once, both
 * instances take some, and stopping one instance cleanly in the middle of the stream (QoS 1, alarms queued for it at
 * the broker) loses none. Skipped when Mosquitto or PostgreSQL is not running.
 */
@ExternalService(ExternalService.Service.MOSQUITTO)
class MqttTwoInstancesTest {

    private static final String MOSQUITTO = "tcp://127.0.0.1:1883";
    private static final int ALARMS = 200;
    /** Alarms published before instance b has stopped (at least); the rest after. */
    private static final int BEFORE_STOP = 150;

    @Test
    void should_store_each_alarm_once_with_both_instances_sharing_the_topic_and_one_stopping_midway()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "callout-test/" + run + "/alarms";
        try (PostgresSchema pg = PostgresSchema.create("MqttTwoInstancesTest")) {
            CalloutApp a = CalloutApp.start(props(pg, topic, "mqtt-a-" + run));
            CalloutApp b = CalloutApp.start(props(pg, topic, "mqtt-b-" + run));
            MqttClient publisher = new MqttClient(MOSQUITTO, "callout-test-pub-" + run, new MemoryPersistence());
            try {
                publisher.connect(new MqttConnectionOptions());
                IntakeProbe probeA = IntakeProbe.install(a.context());
                IntakeProbe probeB = IntakeProbe.install(b.context());

                // one source raised, cleared and raised again (each step once stored before the next is sent: two
                // instances give no order between messages they take at the same time)
                String flapping = "mqtt2/" + run + "/flap";
                publish(publisher, topic, flapping, "active");
                await("first raise stored").atMost(Duration.ofSeconds(30)).until(() -> rows(pg, flapping, null) == 1);
                publish(publisher, topic, flapping, "cleared");
                await("clear stored").atMost(Duration.ofSeconds(30)).until(() -> rows(pg, flapping, "cleared") == 1);
                publish(publisher, topic, flapping, "active");
                await("second raise stored").atMost(Duration.ofSeconds(30)).until(() -> rows(pg, flapping, null) == 2);

                // the stream, from its own thread; instance b stops cleanly once a quarter is stored, while alarms
                // are still queued for it at the broker; the last quarter is published once it has stopped
                CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < BEFORE_STOP; i++) {
                            publish(publisher, topic, "mqtt2/" + run + "/" + i, "active");
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(120)).until(() -> stored(pg, run) >= ALARMS / 4);
                int takenByB = probeB.bodies("mqtt", "mqtt2/" + run + "/").size();
                int storedAtStop = stored(pg, run);
                b.stop();
                int takenByBInAll = probeB.bodies("mqtt", "mqtt2/" + run + "/").size();
                stream.get();
                // a member that stayed in the group (its session kept) would be dealt half of these, and hold them
                for (int i = BEFORE_STOP; i < ALARMS; i++) {
                    publish(publisher, topic, "mqtt2/" + run + "/" + i, "active");
                }
                await().atMost(Duration.ofSeconds(120)).until(() -> stored(pg, run) >= ALARMS);
                // late or doubled copies, if any, have time to arrive
                await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

                int takenByA = probeA.bodies("mqtt", "mqtt2/" + run + "/").size();
                System.out.printf("MQTT two instances: %d alarms (+3 for one source) over $share/callout; instance a"
                        + " took %d, instance b %d (%d when it began to stop, at %d stored; it stopped cleanly and"
                        + " drained what the broker had queued for it; the last %d published after it stopped);"
                        + " stored %d, sources stored twice %d%n", ALARMS, takenByA, takenByBInAll, takenByB, storedAtStop, ALARMS - BEFORE_STOP, stored(pg, run),
                        doubled(pg, run));
                assertThat(doubled(pg, run)).isZero();
                assertThat(stored(pg, run)).isEqualTo(ALARMS);
                // each message went to one instance only (the per-source key would hide a second copy)
                assertThat(takenByA + takenByBInAll).isEqualTo(ALARMS + 3);
                assertThat(takenByA).isPositive();
                assertThat(takenByBInAll).isPositive();
                assertThat(rows(pg, flapping, null)).isEqualTo(2);
                publisher.disconnect();
            } finally {
                if (publisher.isConnected()) {
                    publisher.disconnectForcibly(1000);
                }
                publisher.close(true);
                a.close();
                b.close();
                Mqtt.dropSession(MOSQUITTO, "callout-mqtt-a-" + run);
                Mqtt.dropSession(MOSQUITTO, "callout-mqtt-b-" + run);
            }
        }
    }

    /**
     * The other way an instance goes: SIGKILL, no clean stop, its pinned id and session kept (PT2M). The alarms on
     * their way to it and those the broker dealt to its session while it was dead wait there, and arrive when it
     * restarts under the same instance id; none is lost, none stored twice.
     */
    @Test
    void should_give_a_killed_pinned_instance_its_alarms_back_when_it_restarts_within_the_session_expiry()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "callout-test/" + run + "/alarms";
        try (PostgresSchema pg = PostgresSchema.create("MqttTwoInstancesTest (kill)")) {
            CalloutApp a = CalloutApp.start(props(pg, topic, "mqtt-a-" + run));
            Path data = Files.createTempDirectory("callout-mqtt-b");
            int port = CalloutProcess.freePort();
            Map<String, String> bProps = new HashMap<>(props(pg, topic, "mqtt-b-" + run));
            bProps.putAll(Map.of("camel.server.port", String.valueOf(port), "callout.public-url",
                    "http://localhost:" + port, "callout.api.token", CalloutApp.TOKEN, "callout.data.dir",
                    data.toString(), "callout.routes.dir", data.resolve("routes").toString()));
            MqttClient publisher = new MqttClient(MOSQUITTO, "callout-test-pub-" + run, new MemoryPersistence());
            try (CalloutProcess b = new CalloutProcess(data, bProps)) {
                b.start(port);
                publisher.connect(new MqttConnectionOptions());
                CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < ALARMS; i++) {
                            publish(publisher, topic, "mqtt2/" + run + "/" + i, "active");
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(120)).until(() -> stored(pg, run) >= ALARMS / 4);
                b.kill();
                Instant killed = Instant.now();
                int storedAtKill = stored(pg, run);
                stream.get();
                // instance a takes its own share, not the dead one's: wait until nothing new is stored for 3 s
                int[] last = {-1};
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
                    int now = stored(pg, run);
                    boolean still = now == last[0];
                    last[0] = now;
                    return still;
                });
                int storedWhileDead = last[0];
                b.start(port);
                Duration down = Duration.between(killed, Instant.now());
                await().atMost(Duration.ofSeconds(60)).until(() -> stored(pg, run) >= ALARMS);
                await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
                System.out.printf("MQTT instance killed: %d stored when b was killed, %d while it was dead (its"
                        + " session held the rest), b back after %d s under the same id: stored %d, sources stored"
                        + " twice %d%n", storedAtKill, storedWhileDead, down.toSeconds(), stored(pg, run),
                        doubled(pg, run));
                assertThat(storedWhileDead).isLessThan(ALARMS);
                assertThat(stored(pg, run)).isEqualTo(ALARMS);
                assertThat(doubled(pg, run)).isZero();
                publisher.disconnect();
            } finally {
                if (publisher.isConnected()) {
                    publisher.disconnectForcibly(1000);
                }
                publisher.close(true);
                a.close();
                Mqtt.dropSession(MOSQUITTO, "callout-mqtt-a-" + run);
                Mqtt.dropSession(MOSQUITTO, "callout-mqtt-b-" + run);
            }
        }
    }

    private static Map<String, String> props(PostgresSchema pg, String topic, String instanceId) {
        Map<String, String> p = new HashMap<>(pg.calloutProperties());
        p.put("callout.broker.embedded", "false");
        p.put("callout.jms.enabled", "false");
        p.put("callout.mqtt.url", MOSQUITTO);
        p.put("callout.mqtt.topic", topic);
        p.put("callout.heartbeats.mqtt-topic", topic.replace("/alarms", "/heartbeats/+"));
        p.put("callout.instance-id", instanceId);
        return p;
    }

    private static void publish(MqttClient publisher, String topic, String source, String state) throws Exception {
        String payload = "{\"source\": \"" + source + "\", \"name\": \"Shared " + source + "\", \"state\": \""
                + state + "\"}";
        // Paho's synchronous publish may return before it counts the PUBACK off its in-flight window: a publish right
        // after can be refused with "too many publishes in progress" (32202); it is sent again once the window is free
        await("publish " + source).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
                return true;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Distinct sources of the stream stored. */
    private static int stored(PostgresSchema pg, String run) throws SQLException {
        return count(pg, "SELECT COUNT(DISTINCT source) FROM alarms WHERE source LIKE 'mqtt2/" + run
                + "/%' AND source NOT LIKE '%/flap'");
    }

    /** Sources of the stream stored more than once. */
    private static int doubled(PostgresSchema pg, String run) throws SQLException {
        return count(pg, "SELECT COUNT(*) FROM (SELECT source FROM alarms WHERE source LIKE 'mqtt2/" + run
                + "/%' AND source NOT LIKE '%/flap' GROUP BY source HAVING COUNT(*) > 1) d");
    }

    private static int rows(PostgresSchema pg, String source, String state) throws SQLException {
        return count(pg, "SELECT COUNT(*) FROM alarms WHERE source = '" + source + "'"
                + (state == null ? "" : " AND state = '" + state + "'"));
    }

    private static int count(PostgresSchema pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.url(), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
