package broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

/** Reconnect waits while a broker is missing: doubling from 1 s, capped, never giving up. */
class ReconnectBackoffTest {

    @Test
    void should_double_jms_reconnect_waits_up_to_the_maximum() {
        BackOffExecution execution = BackoffJmsContainers.backOff(Duration.ofSeconds(20)).start();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(execution.nextBackOff());
        }

        assertThat(waits).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 20000L, 20000L, 20000L);
    }

    @Test
    void should_double_mqtt_reconnect_waits_up_to_the_maximum() {
        List<Duration> waits = new ArrayList<>();
        for (int failures = 1; failures <= 6; failures++) {
            waits.add(SessionMqttClient.retryWait(failures, Duration.ofSeconds(10)));
        }

        assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 10L, 10L);
    }
}
