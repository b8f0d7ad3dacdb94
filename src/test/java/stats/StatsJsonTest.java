package stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatsJsonTest {

    @Test
    void should_write_user_statistics_with_seed_field_names() throws Exception {
        TwilioUser alice = new TwilioUser(1, "alice", "+12223334444", 2, 1, 3, 4, 5, 6);

        assertThat(new ObjectMapper().writeValueAsString(alice)).isEqualTo(
                "{\"userId\":1,\"username\":\"alice\",\"phoneNumber\":\"+12223334444\",\"messagesSent\":2,"
                        + "\"messagesReceived\":1,\"callsSent\":3,\"callsReceived\":4,\"callMinutesSent\":5,"
                        + "\"callMinutesReceived\":6}");
    }

    @Test
    void should_quote_csv_fields_per_rfc_4180() {
        assertThat(StatsService.csvField("plain")).isEqualTo("plain");
        assertThat(StatsService.csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(StatsService.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(StatsService.csvField("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
        assertThat(StatsService.csvField(null)).isEmpty();
    }
}
