package broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The MQTT input's client id, share group and session expiry from the properties. */
class MqttIdentityTest {

    @Test
    void should_keep_one_instance_on_the_embedded_database_on_a_plain_subscription_with_a_lasting_session() {
        // an H2 file opens in one process only: one instance, so no share group, the stable id and a long session
        // (alarms published while it restarts arrive when it is back)
        BrokerWiring.MqttIdentity id = BrokerWiring.MqttIdentity.of(props(Map.of()), "host-42-abcdef", false);

        assertThat(id.clientId()).isEqualTo("callout");
        assertThat(id.sharedGroup()).isNull();
        assertThat(id.sessionExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(BrokerWiring.sharedDatabase(props(Map.of("callout.db.url", "jdbc:h2:file:/x/callout")))).isFalse();
        assertThat(BrokerWiring.sharedDatabase(props(Map.of("callout.db.url",
                "jdbc:postgresql://127.0.0.1/callout")))).isTrue();
    }

    @Test
    void should_use_a_per_run_client_id_in_the_default_group_without_a_session_when_nothing_is_pinned() {
        BrokerWiring.MqttIdentity id = BrokerWiring.MqttIdentity.of(props(Map.of()), "host-42-abcdef", true);

        assertThat(id.clientId()).isEqualTo("callout-host-42-abcdef");
        assertThat(id.sharedGroup()).isEqualTo("callout");
        assertThat(id.sessionExpiry()).isEqualTo(Duration.ZERO);
    }

    @Test
    void should_keep_a_short_session_for_a_pinned_instance_in_a_group_and_a_long_one_alone() {
        BrokerWiring.MqttIdentity shared = BrokerWiring.MqttIdentity.of(props(Map.of("callout.instance-id", "c1")),
                "c1", true);
        BrokerWiring.MqttIdentity alone = BrokerWiring.MqttIdentity.of(props(Map.of("callout.instance-id", "c1",
                "callout.mqtt.shared-group", "")), "c1", true);

        assertThat(shared.clientId()).isEqualTo("callout-c1");
        assertThat(shared.sessionExpiry()).isEqualTo(Duration.ofMinutes(2));
        assertThat(alone.sharedGroup()).isNull();
        assertThat(alone.sessionExpiry()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void should_take_an_explicit_client_id_and_expiry_and_refuse_a_group_with_topic_characters() {
        BrokerWiring.MqttIdentity id = BrokerWiring.MqttIdentity.of(props(Map.of("callout.mqtt.client-id", "plc-in",
                "callout.mqtt.session-expiry", "PT30S", "callout.mqtt.shared-group", "none")), "x", true);

        assertThat(id.clientId()).isEqualTo("plc-in");
        assertThat(id.sharedGroup()).isNull();
        assertThat(id.sessionExpiry()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> BrokerWiring.MqttIdentity.of(props(Map.of("callout.mqtt.shared-group", "a/b")), "x", true))
                .hasMessageContaining("callout.mqtt.shared-group");
    }

    @Test
    void should_subscribe_as_a_shared_subscription_only_in_a_group() throws Exception {
        try (SessionMqttClient grouped = new SessionMqttClient("tcp://127.0.0.1:1", "g", 0, Duration.ofSeconds(1),
                "callout");
             SessionMqttClient plain = new SessionMqttClient("tcp://127.0.0.1:1", "p", 0, Duration.ofSeconds(1),
                     "")) {
            assertThat(grouped.subscription("callout/alarms")).isEqualTo("$share/callout/callout/alarms");
            assertThat(grouped.subscription("$share/other/t")).isEqualTo("$share/other/t");
            assertThat(plain.subscription("callout/alarms")).isEqualTo("callout/alarms");
        }
    }

    private static Function<String, Optional<String>> props(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }
}
