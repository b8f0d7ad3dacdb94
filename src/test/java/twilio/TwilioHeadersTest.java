package twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.type.PhoneNumber;
import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The SDK parameters as CamelTwilio.* headers, and their removal. */
class TwilioHeadersTest {

    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void should_replace_what_an_earlier_call_left_with_the_sms_parameters_typed_for_the_sdk() {
        exchange.getIn().setHeader("CamelTwilio.url", URI.create("https://old.example/twiml"));
        exchange.getIn().setHeader("CalloutStatsKind", "sms");
        exchange.getIn().setBody(new OutboundSms("+14155550100", "+15005550006", "Tank high", "https://c.example/s"));

        new TwilioHeaders().process(exchange);

        assertThat(exchange.getIn().getHeaders()).containsOnlyKeys("CalloutStatsKind", "CamelTwilio.to",
                "CamelTwilio.from", "CamelTwilio.body", "CamelTwilio.statusCallback");
        assertThat(exchange.getIn().getHeader("CamelTwilio.to")).isEqualTo(new PhoneNumber("+14155550100"));
        assertThat(exchange.getIn().getHeader("CamelTwilio.statusCallback")).isEqualTo(URI.create("https://c.example/s"));
    }

    @Test
    void should_remove_every_camel_twilio_header_in_any_case_and_nothing_else() {
        exchange.getIn().setHeader("CamelTwilio.to", "+14155550100");
        exchange.getIn().setHeader("cameltwilio.body", "x");
        exchange.getIn().setHeader("CamelTwilioLimit", 5);
        exchange.getIn().setHeader("CamelTwili", "not ours");
        exchange.getIn().setHeader("Camel.Twilio", "not ours");
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);

        TwilioHeaders.clear(exchange.getIn());

        assertThat(exchange.getIn().getHeaders()).containsOnlyKeys("CamelTwili", "Camel.Twilio",
                Exchange.HTTP_RESPONSE_CODE);
    }
}
