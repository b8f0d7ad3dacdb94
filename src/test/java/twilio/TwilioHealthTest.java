package twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TwilioHealthTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void should_stay_down_since_the_first_refusal_with_the_latest_reason_until_a_request_is_accepted() {
        MutableClock clock = new MutableClock(T0);
        TwilioHealth health = new TwilioHealth(clock);
        assertThat(health.state().up()).isTrue();

        clock.now = T0.plusSeconds(10);
        health.down("Twilio 503: Service Unavailable");
        clock.now = T0.plusSeconds(40);
        health.down("Twilio 429: Too Many Requests");
        assertThat(health.state()).isEqualTo(new TwilioHealth.State(false, T0.plusSeconds(10),
                "Twilio 429: Too Many Requests"));

        clock.now = T0.plusSeconds(70);
        health.up();
        assertThat(health.state()).isEqualTo(new TwilioHealth.State(true, T0.plusSeconds(70), null));
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
