package inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.IntakeProbe;

/** JMS input against the embedded Artemis broker, driven with the Artemis Jakarta client. */
class JmsInputTest {

    static CalloutApp app;
    static IntakeProbe intake;
    static ActiveMQConnectionFactory factory;

    @BeforeAll
    static void start() throws Exception {
        app = CalloutApp.start(Map.of());
        intake = IntakeProbe.install(app.context());
        factory = new ActiveMQConnectionFactory(app.property("callout.jms.url"));
    }

    @AfterAll
    static void stop() {
        factory.close();
        app.close();
    }

    @Test
    void should_hand_queued_alarm_to_intake_once() throws Exception {
        String source = "test/jms/" + UUID.randomUUID();
        String payload = "{\"source\": \"" + source + "\", \"name\": \"High Level\"}";

        send("callout.alarms", payload);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(intake.bodies("jms", source)).containsExactly(payload));
    }

    @Test
    void should_move_rejected_message_to_dlq_without_redelivery() throws Exception {
        String body = "garbage " + UUID.randomUUID();

        send("callout.alarms", body);

        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer dlq = session.createConsumer(session.createQueue("callout.alarms.DLQ"));
            Message dead = dlq.receive(Duration.ofSeconds(20).toMillis());
            assertThat(dead).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) dead).getText()).isEqualTo(body);
            String error = dead.getStringProperty("CalloutError");
            if (intake.isStub()) {
                assertThat(error).isEqualTo(IntakeProbe.STUB_ERROR);
            } else {
                assertThat(error).isNotBlank();
            }
            assertThat(dlq.receiveNoWait()).isNull();
        }
        assertThat(intake.bodies("jms", body)).containsExactly(body);
    }

    @Test
    void should_keep_queued_alarm_in_broker_journal_across_restart() throws Exception {
        String source = "test/jms/restart/" + UUID.randomUUID();
        String payload = "{\"source\": \"" + source + "\", \"name\": \"Queued\"}";

        app.context().getRouteController().stopRoute("alarm-input-jms");
        send("callout.alarms", payload);
        factory.close();
        app.restart();
        intake = IntakeProbe.install(app.context());
        factory = new ActiveMQConnectionFactory(app.property("callout.jms.url"));

        // the real intake stored it exactly once (the probe may attach after the message already went through)
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(
                app.api("GET", "/api/alarms?limit=1000", null).body().split("\"source\":\"" + source + "\"", -1))
                .hasSize(2));
    }

    private static void send(String queue, String text) throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.send(session.createTextMessage(text));
        }
    }
}
