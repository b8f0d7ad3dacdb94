package broker;

import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * The embedded ActiveMQ Artemis broker: CORE (JMS) and MQTT acceptors on one host, a persistent journal so queued
 * alarms survive a restart, no security (bind it to 127.0.0.1). Alarms that the broker itself gives up on after
 * {@link #MAX_DELIVERY_ATTEMPTS} rollbacks go to {@code <queue>.DLQ}.
 */
public final class EmbeddedBroker implements AutoCloseable {

    static final int MAX_DELIVERY_ATTEMPTS = 5;

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    public EmbeddedBroker(String host, int jmsPort, int mqttPort, Path dataDir, String alarmQueue) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("callout")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                // NIO journal: no dependency on libaio being installed
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(dataDir.toString())
                .setJournalFileSize(1024 * 1024)
                .setJournalMinFiles(2)
                // a nearly full disk must not silently block alarm producers
                .setMaxDiskUsage(-1)
                .setCriticalAnalyzer(false)
                // MQTT topics keep their '/': topic callout/alarms must not share an address with queue callout.alarms
                .setWildCardConfiguration(new WildcardConfiguration().setDelimiter('/'))
                .addAcceptorConfiguration("core", "tcp://" + host + ":" + jmsPort + "?protocols=CORE")
                .addAcceptorConfiguration("mqtt", "tcp://" + host + ":" + mqttPort + "?protocols=MQTT");
        config.addAddressSetting(alarmQueue, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(alarmQueue + ".DLQ"))
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setAutoCreateDeadLetterResources(true));
        server.setConfiguration(config);
    }

    public void start() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
