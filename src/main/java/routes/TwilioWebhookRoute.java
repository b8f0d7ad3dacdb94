package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.RouteDefinition;
import web.TwimlReply;

/** Twilio -> Callout: voice requests and inbound SMS answered with TwiML, status callbacks recorded. */
public class TwilioWebhookRoute extends EndpointRouteBuilder {

    private static final TwimlReply TWIML = new TwimlReply();

    @Override
    public void configure() {
        // every voice request (notify, ack, inbound, script-made actions) runs scripts/voice.groovy
        twilioWebhook("/twilio/voice/{callAction}/{id}", "twilio-voice", 1)
                // a plain processor (see Beans), answering in the same step: each route step costs Camel's
                // per-processor bookkeeping, and this route runs for every second of every call
                .process(e -> {
                    String action = e.getIn().getHeader("callAction", String.class);
                    if ("inbound".equals(action) && !Beans.params(e).containsKey("Digits")) {
                        Beans.bean(e, "events", events.EventPublisher.class).inbound("voice", Beans.params(e));
                    }
                    e.getIn().setBody(Beans.bean(e, "voiceWebhook", webhook.VoiceWebhook.class).handle(
                            e.getIn().getHeader("callAction", String.class), e.getIn().getHeader("id", String.class),
                            Beans.params(e)));
                    TWIML.process(e);
                });

        // messages to Callout's number: PIN acks, else scripts/sms.groovy
        twilioWebhook("/twilio/sms", "twilio-sms-inbound", 3)
                .setHeader("CalloutStatsKind", constant("inbound-sms"))
                .wireTap(direct("stats"))
                .process(e -> Beans.bean(e, "events", events.EventPublisher.class).inbound("sms", Beans.params(e)))
                .bean("smsWebhook", "handle(${body})")
                .process(TWIML);

        // delivery and call status: notification state and statistics, escalation on failure
        twilioWebhook("/twilio/status/{kind}/{id}", "twilio-status", 2)
                .filter(simple("${header.kind} !in 'message,call,bundle' || ${header.id} !regex '\\d{1,18}'"))
                    .throwException(new IllegalArgumentException("unknown status callback path"))
                .end()
                // a bundle SMS: its status goes to every notification in it
                .filter(header("kind").isEqualTo("bundle"))
                    .process(e -> e.getIn().setBody(Beans.bean(e, "notifier", notify.Notifier.class).bundleStatus(
                            e.getIn().getHeader("id", Long.class), Beans.params(e))))
                    .split(body())
                        .to(seda("escalate"))
                    .end()
                    .setBody(constant("<Response/>"))
                    .process(TWIML)
                    .stop()
                .end()
                // the notification's status and its statistics commit together (one unit, see Notifier.status)
                .process(e -> e.getIn().setBody(Beans.bean(e, "notifier", notify.Notifier.class).status(
                        e.getIn().getHeader("kind", String.class), e.getIn().getHeader("id", Long.class),
                        Beans.params(e))))
                .filter(body().isNotNull())
                    .to(seda("escalate"))
                .end()
                .setBody(constant("<Response/>"))
                .process(TWIML);
    }

    /**
     * {@code startupOrder}: the web server tries its routes in the order their consumers started, and a request that
     * matches late pays a path match against every route before it (60-odd API and console paths, most of them
     * patterns): Twilio's requests, the most frequent by far, are tried first.
     */
    private RouteDefinition twilioWebhook(String path, String routeId, int startupOrder) {
        return from(platformHttp(path).httpMethodRestrict("POST"))
                .routeId(routeId)
                .startupOrder(startupOrder)
                .routeConfigurationId("webhook")
                // checks X-Twilio-Signature and leaves the parameters as the body (a Map of Strings)
                .process("twilioSignature");
    }
}
