package broker;

import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
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
 * {@link #MAX_DELIVERY_ATTEMPTS} rollbacks go to {@code <queue>.DLQ}; any other queue's to {@code DLQ}, and expired
 * messages to {@code ExpiryQueue}.
 */
public final class EmbeddedBroker implements AutoCloseable {

    static final int MAX_DELIVERY_ATTEMPTS = 5;
    static final String DEAD_LETTER_ADDRESS = "DLQ";
    static final String EXPIRY_ADDRESS = "ExpiryQueue";

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
        // every other queue (the MQTT input's session queue, the DLQ itself) dead-letters to DLQ and expires to
        // ExpiryQueue: without an address for them Artemis warns at every start (AMQ222165/AMQ222166) and would
        // drop such messages; the alarm queue's own settings below win where they are set (Artemis merges matches)
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_ADDRESS))
                .setExpiryAddress(SimpleString.of(EXPIRY_ADDRESS)));
        config.addAddressSetting(alarmQueue, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(alarmQueue + ".DLQ"))
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS));
        // declared, not auto-created: an auto-created dead-letter queue is named DLQ.<queue> and filtered on the
        // original address, so the alarms the JMS route itself rejects to <queue>.DLQ would not share it
        for (String queue : new String[] {alarmQueue + ".DLQ", DEAD_LETTER_ADDRESS, EXPIRY_ADDRESS}) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST));
        }
        server.setConfiguration(config);
    }

    /** The settings the broker applies to an address (after it started). */
    AddressSettings settingsFor(String address) {
        return server.getActiveMQServer().getAddressSettingsRepository().getMatch(address);
    }

    public void start() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
