package inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import support.ArtemisProcess;
import support.CalloutApp;
import support.ExternalService;
import support.IntakeProbe;
import support.PostgresSchema;

/**
 * JMS with {@code callout.broker.embedded=false}: an Artemis broker as a process of its own, two Callout instances on
 * one PostgreSQL schema consuming its queue {@code callout.alarms} as competing consumers. Alarms sent before and
 * after the broker is killed (SIGKILL, in the middle of the consumption) and started again on its journal: each is
 * stored once, both instances consumed some, both inputs said DOWN ({@code input-jms}) while the broker was away and
 * came back by themselves. Skipped when PostgreSQL is not running.
 */
@ExternalService(ExternalService.Service.POSTGRESQL)
class ArtemisTwoInstancesTest {

    private static final int BEFORE_KILL = 150;
    private static final int AFTER_RESTART = 50;

    @Test
    void should_store_each_queued_alarm_once_with_two_consumers_across_a_broker_kill() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("callout-artemis");
        try (PostgresSchema pg = PostgresSchema.create("ArtemisTwoInstancesTest");
             ArtemisProcess artemis = new ArtemisProcess(dir).start()) {
            CalloutApp a = CalloutApp.start(props(pg, artemis, "jms-a-" + run));
            CalloutApp b = CalloutApp.start(props(pg, artemis, "jms-b-" + run));
            try {
                IntakeProbe probeA = IntakeProbe.install(a.context());
                IntakeProbe probeB = IntakeProbe.install(b.context());
                awaitInput(a, "UP");
                awaitInput(b, "UP");

                send(artemis, run, 0, BEFORE_KILL);
                await().atMost(Duration.ofSeconds(120)).until(() -> stored(pg, run) >= 10);
                artemis.kill();
                int storedAtKill = stored(pg, run);
                awaitInput(a, "DOWN");
                awaitInput(b, "DOWN");
                int storedWhileDown = stored(pg, run);

                artemis.start();
                awaitInput(a, "UP");
                awaitInput(b, "UP");
                send(artemis, run, BEFORE_KILL, AFTER_RESTART);
                int total = BEFORE_KILL + AFTER_RESTART;
                await().atMost(Duration.ofSeconds(180)).until(() -> stored(pg, run) >= total);
                // redeliveries, if any, have time to arrive
                await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

                int byA = probeA.bodies("jms", "jms2/" + run + "/").size();
                int byB = probeB.bodies("jms", "jms2/" + run + "/").size();
                System.out.printf("JMS two instances on an Artemis process: %d alarms; instance a consumed %d,"
                        + " instance b %d (%d redelivered after the kill); %d stored when the broker was killed, %d"
                        + " when both inputs said DOWN; stored %d, sources stored twice %d%n", total, byA, byB,
                        byA + byB - total, storedAtKill, storedWhileDown, stored(pg, run), doubled(pg, run));
                assertThat(doubled(pg, run)).isZero();
                assertThat(stored(pg, run)).isEqualTo(total);
                assertThat(byA).isPositive();
                assertThat(byB).isPositive();
                // a message reaches a second consumer only when the first could not commit it (the broker died)
                assertThat(byA + byB).isBetween(total, total + 2 * 10);
                assertThat(queued(artemis)).isZero();
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static Map<String, String> props(PostgresSchema pg, ArtemisProcess artemis, String instanceId) {
        Map<String, String> p = new HashMap<>(pg.calloutProperties());
        p.put("callout.broker.embedded", "false");
        p.put("callout.mqtt.enabled", "false");
        p.put("callout.jms.url", artemis.jmsUrl());
        p.put("callout.instance-id", instanceId);
        // reconnect quickly once the broker is back (default: back-off up to PT5M)
        p.put("callout.inputs.reconnect-max", "PT2S");
        return p;
    }

    private static void send(ArtemisProcess artemis, String run, int from, int count) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(artemis.jmsUrl());
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(ArtemisProcess.QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = from; i < from + count; i++) {
                producer.send(session.createTextMessage("{\"source\": \"jms2/" + run + "/" + i
                        + "\", \"name\": \"Queued " + i + "\"}"));
            }
        }
    }

    /** Messages left on the alarm queue (browsed). */
    private static int queued(ArtemisProcess artemis) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(artemis.jmsUrl());
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var browser = session.createBrowser(session.createQueue(ArtemisProcess.QUEUE));
            return java.util.Collections.list(browser.getEnumeration()).size();
        }
    }

    private static void awaitInput(CalloutApp app, String state) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            CalloutApp.Res health = app.send("GET", "/observe/health?data=true", null, Map.of());
            String found = null;
            for (var c : health.json().path("checks")) {
                if ("input-jms".equals(c.path("name").asText())) {
                    found = c.path("status").asText();
                }
            }
            assertThat(found).as(health.body()).isEqualTo(state);
        });
    }

    private static int stored(PostgresSchema pg, String run) throws SQLException {
        return count(pg, "SELECT COUNT(DISTINCT source) FROM alarms WHERE source LIKE 'jms2/" + run + "/%'");
    }

    private static int doubled(PostgresSchema pg, String run) throws SQLException {
        return count(pg, "SELECT COUNT(*) FROM (SELECT source FROM alarms WHERE source LIKE 'jms2/" + run
                + "/%' GROUP BY source HAVING COUNT(*) > 1) d");
    }

    private static int count(PostgresSchema pg, String sql) throws SQLException {
        try (java.sql.Connection c = DriverManager.getConnection(pg.url(), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
