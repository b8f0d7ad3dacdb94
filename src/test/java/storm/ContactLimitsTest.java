package storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-phone rate limits as a pure function: sends so far (minutes before now) -> minutes until the next is allowed. */
class ContactLimitsTest {

    static final Instant NOW = Instant.parse("2026-12-03T03:00:00Z");

    @ParameterizedTest(name = "{0} after sends at -{1} min -> wait {2} min")
    @CsvSource(delimiter = '|', value = {
        // spec              | sends (minutes ago)        | wait (minutes)
        "5/PT15M,11/PT1H     |                            | 0",
        "5/PT15M,11/PT1H     | 1 2 3 4                    | 0",
        "5/PT15M,11/PT1H     | 1 2 3 4 5                  | 10",
        "5/PT15M,11/PT1H     | 1 2 3 4 14                 | 1",
        "5/PT15M,11/PT1H     | 1 2 3 4 15                 | 0",
        "5/PT15M,11/PT1H     | 16 20 25 30 35 40 45 50 55 58 59 | 1",
        "5/PT15M,11/PT1H     | 16 20 25 30 35 40 45 50 55 58 60 | 0",
        "3/PT15M,7/PT1H      | 2 4 6                      | 9",
        "3/PT15M,7/PT1H      | 20 25 30 35 40 45 50        | 10",
        "none                | 1 1 1 1 1 1 1 1 1 1 1 1 1   | 0",
    })
    void should_allow_the_next_send_when_every_window_has_room(String spec, String minutesAgo, long wait) {
        ContactLimits limits = ContactLimits.parse("callout.limits.sms", spec);
        List<Instant> sends = new ArrayList<>();
        if (minutesAgo != null) {
            Arrays.stream(minutesAgo.trim().split("\\s+")).mapToLong(Long::parseLong)
                    .forEach(m -> sends.add(NOW.minus(Duration.ofMinutes(m))));
        }
        assertThat(Duration.between(NOW, limits.nextAllowed(sends, NOW))).isEqualTo(Duration.ofMinutes(wait));
        assertThat(limits.allows(sends, NOW)).isEqualTo(wait == 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"5 per 15 min", "5/15min", "0/PT1M", "5/PT0S", "x/PT1M"})
    void should_name_the_property_and_the_expected_form_for_a_bad_spec(String spec) {
        assertThatThrownBy(() -> ContactLimits.parse("callout.limits.sms", spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("callout.limits.sms=" + spec + ": expected windows like 5/PT15M,11/PT1H");
    }
}
