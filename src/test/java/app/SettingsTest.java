package app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "callout.escalation.delay   | 5min  | callout.escalation.delay=5min: expected an ISO-8601 duration such as PT5M, PT30S or P90D",
        "callout.escalation.delay   | PT-5M | callout.escalation.delay=PT-5M: expected an ISO-8601 duration such as PT5M, PT30S or P90D",
        "callout.escalation.rounds  | three | callout.escalation.rounds=three: expected a whole number of at least 1, such as 3",
        "callout.escalation.rounds  | 0     | callout.escalation.rounds=0: expected a whole number of at least 1, such as 3",
        "callout.twilio.retries     | -1    | callout.twilio.retries=-1: expected a whole number of at least 0, such as 4",
        "callout.escalation.poll    | 1s    | callout.escalation.poll=1s: expected a whole number of milliseconds of at least 1, such as 1000",
        "camel.server.port          | 80800 | camel.server.port=80800: expected a port number from 0 to 65535, such as 8080",
        "callout.broker.embedded    | yes   | callout.broker.embedded=yes: expected true or false",
        "callout.retention          | 90d   | callout.retention=90d: expected an ISO-8601 duration such as PT5M, PT30S or P90D",
    })
    void should_name_key_value_and_expected_form_when_a_value_does_not_parse(String key, String value, String line) {
        assertThatThrownBy(() -> Settings.check(lookup(Map.of(key, value))))
                .isInstanceOf(StartupFailure.class)
                .hasMessage(line);
    }

    @Test
    void should_reject_garbage_in_every_typed_property() {
        Settings.TYPED.forEach((key, kind) -> assertThatThrownBy(() -> Settings.check(lookup(Map.of(key, "x1"))))
                .as(key).isInstanceOf(StartupFailure.class)
                .hasMessage(key + "=x1: expected " + kind.expected));
    }

    @Test
    void should_accept_the_shipped_forms() {
        Settings.check(lookup(Map.of("callout.escalation.delay", "PT5M", "callout.escalation.rounds", " 3 ",
                "callout.broker.embedded", "FALSE", "callout.retention", "P90D", "camel.server.port", "0")));

        assertThat(Settings.duration("k", "P90D")).isEqualTo(Duration.ofDays(90));
        assertThat(Settings.enabled("k", "False")).isFalse();
    }

    @Test
    void should_fail_config_with_the_key_not_a_bare_parse_exception() {
        assertThatThrownBy(() -> CalloutConfig.from(lookup(Map.of("callout.escalation.delay", "5min"))))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("callout.escalation.delay=5min: expected an ISO-8601 duration such as PT5M, PT30S or P90D");
    }

    private static java.util.function.Function<String, Optional<String>> lookup(Map<String, String> map) {
        return k -> Optional.ofNullable(map.get(k));
    }
}
