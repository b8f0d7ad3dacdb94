package routes;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.builder.endpoint.dsl.TwilioEndpointBuilderFactory.TwilioEndpointBuilder;
import twilio.Retryable;
import twilio.TwilioHeaders;

/**
 * The only way out to Twilio: an OutboundSms or OutboundCall body in, the SDK's Message or Call out.
 * Throttling and server errors are retried with exponential backoff; what still fails goes back to the caller.
 */
public class TwilioOutboundRoute extends EndpointRouteBuilder {

    private static final TwilioHeaders HEADERS = new TwilioHeaders();

    @Override
    public void configure() {
        // OutboundSms -> com.twilio.rest.api.v2010.account.Message
        outbound("twilio-sms", twilio("message/creator"));
        // OutboundCall -> com.twilio.rest.api.v2010.account.Call
        outbound("twilio-call", twilio("call/creator"));
    }

    private void outbound(String id, TwilioEndpointBuilder creator) {
        from(direct(id)).routeId(id)
                .errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhausted(false).logStackTrace(false))
                .onException(Exception.class)
                    .onWhen(e -> Retryable.test(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)))
                    .maximumRedeliveries("{{callout.twilio.retries:4}}").redeliveryDelay(200)
                    .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(5000)
                    .retryAttemptedLogLevel(LoggingLevel.WARN).logExhausted(false)
                .end()
                .process(HEADERS)
                .to(creator)
                .process(TwilioHeaders.CLEAR);
    }
}
