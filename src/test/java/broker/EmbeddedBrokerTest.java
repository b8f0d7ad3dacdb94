package broker;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutProcess;

/** The embedded Artemis: dead-letter and expiry addresses for every queue, poison alarms in the DLQ. */
class EmbeddedBrokerTest {

    static EmbeddedBroker broker;
    static ActiveMQConnectionFactory factory;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("callout-broker");
        int jmsPort = CalloutProcess.freePort();
        broker = new EmbeddedBroker("127.0.0.1", jmsPort, CalloutProcess.freePort(), dir, "callout.alarms");
        broker.start();
        factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + jmsPort);
    }

    @AfterAll
    static void stop() throws Exception {
        factory.close();
        broker.close();
    }

    @Test
    void should_give_the_alarm_queue_its_own_dead_letter_queue_and_an_expiry_address() {
        AddressSettings alarms = broker.settingsFor("callout.alarms");

        assertThat(String.valueOf(alarms.getDeadLetterAddress())).isEqualTo("callout.alarms.DLQ");
        assertThat(String.valueOf(alarms.getExpiryAddress())).isEqualTo("ExpiryQueue");
        assertThat(alarms.getMaxDeliveryAttempts()).isEqualTo(EmbeddedBroker.MAX_DELIVERY_ATTEMPTS);
    }

    @Test
    void should_configure_dead_letter_and_expiry_addresses_for_the_mqtt_session_queue() {
        // the queue Artemis creates for the MQTT input's persistent session (client id "callout")
        AddressSettings mqtt = broker.settingsFor("callout.callout/alarms");

        assertThat(String.valueOf(mqtt.getDeadLetterAddress())).isEqualTo("DLQ");
        assertThat(String.valueOf(mqtt.getExpiryAddress())).isEqualTo("ExpiryQueue");
    }

    @Test
    void should_move_a_poison_alarm_to_the_dlq_after_the_last_rollback() throws Exception {
        String body = "poison " + System.nanoTime();
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session producer = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer.createProducer(producer.createQueue("callout.alarms")).send(producer.createTextMessage(body));

            Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(tx.createQueue("callout.alarms"));
            for (int attempt = 1; attempt <= EmbeddedBroker.MAX_DELIVERY_ATTEMPTS; attempt++) {
                Message m = consumer.receive(Duration.ofSeconds(10).toMillis());
                assertThat(((TextMessage) m).getText()).as("delivery %d", attempt).isEqualTo(body);
                tx.rollback();
            }
            assertThat(consumer.receive(500)).isNull();
            consumer.close();

            Session plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer dlq = plain.createConsumer(plain.createQueue("callout.alarms.DLQ"));
            Message dead = dlq.receive(Duration.ofSeconds(10).toMillis());
            assertThat(((TextMessage) dead).getText()).isEqualTo(body);
        }
    }
}
