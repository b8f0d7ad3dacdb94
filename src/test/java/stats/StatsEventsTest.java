package stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatsEventsTest {

    private static final String ALICE = "+15550000001";
    private static final String CALLOUT = "+15559990000";
    private final StatsEvents events = new StatsEvents(number -> ALICE.equals(number) ? 7L : 0L);

    @ParameterizedTest
    @ValueSource(strings = {"sent", "delivered", "DELIVERED"})
    void should_count_outbound_message_when_sent_or_delivered(String status) {
        assertThat(events.increment("message-status", message("SM1", status, ALICE)))
                .isEqualTo(StatsIncrement.messageSent("SM1", 7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"accepted", "queued", "sending", "failed", "undelivered", "receiving", "received", "read"})
    void should_not_count_outbound_message_in_other_statuses(String status) {
        assertThat(events.increment("message-status", message("SM1", status, ALICE))).isNull();
    }

    @Test
    void should_put_message_to_unknown_number_in_unknown_bucket() {
        assertThat(events.increment("message-status", message("SM1", "delivered", "+15550009999")))
                .isEqualTo(StatsIncrement.messageSent("SM1", UserDirectory.UNKNOWN_USER_ID));
    }

    @Test
    void should_count_inbound_sms_for_sender() {
        Map<String, String> sms = Map.of("MessageSid", "SM9", "SmsSid", "SM9", "From", ALICE, "To", CALLOUT,
                "Body", "1234");
        assertThat(events.increment("inbound-sms", sms)).isEqualTo(StatsIncrement.messageReceived("SM9", 7));
    }

    @ParameterizedTest
    @CsvSource({"61,2", "5,1", "0,0", "60,1", "120,2", "121,3", "3600,60", "-4,0", "abc,0"})
    void should_round_call_seconds_up_to_whole_minutes(String seconds, long minutes) {
        assertThat(events.increment("call-status", call("CA1", "completed", "outbound-api", CALLOUT, ALICE, seconds)))
                .isEqualTo(StatsIncrement.callSent("CA1", 7, minutes));
    }

    @Test
    void should_count_zero_minutes_when_call_duration_is_missing() {
        Map<String, String> completed = Map.of("CallSid", "CA1", "CallStatus", "completed",
                "Direction", "outbound-api", "From", CALLOUT, "To", ALICE);
        assertThat(events.increment("call-status", completed)).isEqualTo(StatsIncrement.callSent("CA1", 7, 0));
    }

    @Test
    void should_count_dialled_leg_as_call_sent() {
        assertThat(events.increment("call-status", call("CA2", "completed", "outbound-dial", CALLOUT, ALICE, "61")))
                .isEqualTo(StatsIncrement.callSent("CA2", 7, 2));
    }

    @Test
    void should_count_inbound_call_for_caller() {
        assertThat(events.increment("call-status", call("CA3", "completed", "inbound", ALICE, CALLOUT, "30")))
                .isEqualTo(StatsIncrement.callReceived("CA3", 7, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"queued", "initiated", "ringing", "in-progress", "busy", "no-answer", "failed", "canceled"})
    void should_not_count_call_that_did_not_complete(String status) {
        assertThat(events.increment("call-status", call("CA1", status, "outbound-api", CALLOUT, ALICE, "61"))).isNull();
        assertThat(events.increment("call-status", call("CA1", status, "inbound", ALICE, CALLOUT, "61"))).isNull();
    }

    @Test
    void should_ignore_events_without_sid_or_with_unknown_kind() {
        assertThat(events.increment("message-status", Map.of("MessageStatus", "delivered", "To", ALICE))).isNull();
        assertThat(events.increment("inbound-call", message("SM1", "delivered", ALICE))).isNull();
        assertThat(events.increment(null, message("SM1", "delivered", ALICE))).isNull();
        assertThat(events.increment("call-status", Map.of("CallSid", "CA1", "CallStatus", "completed",
                "Direction", "trunking-originating", "From", ALICE, "To", CALLOUT, "CallDuration", "5"))).isNull();
    }

    @Test
    void should_read_first_value_of_repeated_form_field() {
        Map<String, Object> params = Map.of("MessageSid", List.of("SM1"), "MessageStatus", List.of("sent"),
                "To", List.of(ALICE));
        assertThat(events.increment("message-status", params)).isEqualTo(StatsIncrement.messageSent("SM1", 7));
    }

    static Map<String, String> message(String sid, String status, String to) {
        return Map.of("MessageSid", sid, "SmsSid", sid, "MessageStatus", status, "SmsStatus", status,
                "From", CALLOUT, "To", to, "AccountSid", "AC00000000000000000000000000000000");
    }

    static Map<String, String> call(String sid, String status, String direction, String from, String to,
                                    String seconds) {
        return Map.of("CallSid", sid, "CallStatus", status, "Direction", direction, "From", from, "To", to,
                "CallDuration", seconds, "AccountSid", "AC00000000000000000000000000000000");
    }
}
