package twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import web.ApiException;

/** The plain beans behind /api/twilio and the watchers. */
class AccountBeansTest {

    static final String MESSAGE_JSON = """
            {"account_sid":"AC00000000000000000000000000000000","api_version":"2010-04-01","body":"Tank high",
             "date_created":"Sun, 22 Nov 2026 10:00:00 +0000","date_sent":null,"date_updated":"Sun, 22 Nov 2026 10:00:01 +0000",
             "direction":"outbound-api","error_code":null,"error_message":null,"from":"+15005550006",
             "messaging_service_sid":null,"num_media":"0","num_segments":"1","price":null,"price_unit":"USD",
             "sid":"SM0123456789abcdef0123456789abcdef","status":"delivered","subresource_uris":{"media":"/x/Media.json"},
             "to":"+14155550100","uri":"/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/SM0123456789abcdef0123456789abcdef.json"}
            """;

    static Message message() {
        return Message.fromJson(MESSAGE_JSON, new ObjectMapper());
    }

    @Test
    void should_write_a_resource_with_camel_case_names_iso_dates_and_twilio_values() {
        Map<String, Object> j = ResourceJson.one(message());
        assertThat(j).containsEntry("sid", "SM0123456789abcdef0123456789abcdef")
                .containsEntry("from", "+15005550006").containsEntry("to", "+14155550100")
                .containsEntry("status", "delivered").containsEntry("direction", "outbound-api")
                .containsEntry("dateCreated", "2026-11-22T10:00:00Z").containsEntry("numSegments", "1")
                .containsEntry("accountSid", "AC00000000000000000000000000000000").containsEntry("body", "Tank high");
        assertThat(ResourceJson.list(List.of(message(), message(), message()), 2)).hasSize(2);
    }

    @Test
    void should_make_a_kynetx_style_event_with_lowercase_twilio_attributes() {
        Map<String, Object> e = WatchEvents.of(message());
        assertThat(e).containsEntry("domain", "twilio").containsEntry("type", "new_message");
        @SuppressWarnings("unchecked")
        Map<String, Object> attrs = (Map<String, Object>) e.get("attrs");
        assertThat(attrs).containsEntry("sid", "SM0123456789abcdef0123456789abcdef")
                .containsEntry("from", "+15005550006").containsEntry("to", "+14155550100")
                .containsEntry("body", "Tank high").containsEntry("status", "delivered")
                .containsEntry("date_created", "2026-11-22T10:00:00Z").containsEntry("num_segments", "1");
    }

    @Test
    void should_take_the_newest_of_a_poll_oldest_first() {
        assertThat(WatchEvents.newest(List.of("c", "b", "a"), 2)).containsExactly("b", "c");
        assertThat(WatchEvents.newest("single", 2)).containsExactly("single");
    }

    @Test
    void should_check_filters() {
        assertThat(AccountFilters.limit(null)).isEqualTo(50);
        assertThat(AccountFilters.pageSize(null, 5)).isEqualTo(5);
        assertThat(AccountFilters.address("to", " 14155550100")).isEqualTo("+14155550100");
        assertThat(AccountFilters.callStatus("no-answer")).isEqualTo(Call.Status.NO_ANSWER);
        assertThat(AccountFilters.endDate("endDate", "2026-11-22")).isEqualTo(ZonedDateTime.parse("2026-11-22T23:59:59Z"));
        assertThat(AccountFilters.date("startDate", "2026-11-22T10:00:00+01:00"))
                .isEqualTo(ZonedDateTime.parse("2026-11-22T09:00:00Z"));
        assertThatThrownBy(() -> AccountFilters.limit("1001")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> AccountFilters.sid("sid", "SM../../x")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> AccountFilters.logLevel("fatal")).isInstanceOf(ApiException.class);
    }

    @Test
    void should_default_from_and_status_callback_of_a_call() {
        CallRequest c = new CallRequest(null, "+14155550100", null, "<Response/>", null, null, null, "enable", null)
                .checked("+15005550006", "https://callout.example.com");
        assertThat(c.from()).isEqualTo("+15005550006");
        assertThat(c.statusCallback()).isEqualTo("https://callout.example.com/twilio/status/call/0");
        assertThat(c.machineDetection()).isEqualTo("Enable");
        assertThatThrownBy(() -> new CallRequest(null, "+14155550100", "ftp://x/y", null, null, null, null, null, null)
                .checked("+15005550006", "https://c")).hasMessageContaining("url");
        assertThatThrownBy(() -> new CallRequest(null, "+14155550100", null, "<Response/>", "12ab", null, null, null,
                null).checked("+15005550006", "https://c")).hasMessageContaining("sendDigits");
    }

    @Test
    void should_build_relay_urls_against_the_api_base() {
        TwilioHttp http = new TwilioHttp("AC1", "t", Optional.of("http://localhost:9/sandbox/twilio"));
        assertThat(http.url("api", "/2010-04-01/Accounts/AC1/Messages.json?PageSize=2"))
                .isEqualTo("http://localhost:9/sandbox/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=2");
        assertThat(new TwilioHttp("AC1", "t", Optional.empty()).url("monitor", "/v1/Alerts"))
                .isEqualTo("https://monitor.twilio.com/v1/Alerts");
    }
}
