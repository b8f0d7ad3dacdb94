package routes;

import org.apache.camel.builder.RouteConfigurationBuilder;
import twilio.SignatureCheck.WebhookRejected;
import web.TwimlReply;

/**
 * Error policy of the /twilio webhooks: a forged or unsigned request gets 403 and an audit entry; any other
 * failure is logged and audited and Twilio still gets valid TwiML, never a 500.
 */
public class WebhookErrorConfiguration extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("webhook")
                .onException(WebhookRejected.class).handled(true)
                    .bean("webhookFailures", "rejected(${exception}, ${header.CamelHttpUri})")
                    .removeHeaders("*")
                    .setHeader("CamelHttpResponseCode", constant(403))
                    .setHeader("Content-Type", constant("text/plain"))
                    .setBody(constant("Forbidden: request not signed by Twilio"))
                .end()
                .onException(Exception.class).handled(true)
                    .bean("webhookFailures", "failed(${exception}, ${header.CamelHttpUri})")
                    .process(new TwimlReply())
                .end();
    }
}
