package routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Escalation: due alarms move to their next roster member; each new notification is placed through Twilio.
 * State is in the database, so the poller also resumes escalations after a restart.
 */
public class EscalationRoute extends EndpointRouteBuilder {

    @Override
    public void configure() {
        // find escalations whose next step is due (new alarms, no ack in time, failed notifications)
        from(timer("escalation-poll").period("{{callout.escalation.poll:1000}}").delay(1000))
                .routeId("escalation-poll")
                // contact rules whose delay is over (unless the alarm was acknowledged first)
                .bean("escalation", "releaseScheduled")
                .split(body())
                    .to(seda("notify"))
                .end()
                .bean("escalation", "due")
                .split(body())
                    .to(seda("escalate"));

        // move one alarm forward: notifications of the next member, one per channel
        from(seda("escalate").concurrentConsumers(4)).routeId("escalate")
                .bean("escalation", "advance")
                .bean("events", "escalated")
                .split(body())
                    .to(seda("notify"));

        // place one notification; Twilio's own trouble holds it, a refusal of the request escalates at once
        from(seda("notify").concurrentConsumers("{{callout.notify.concurrency:16}}")).routeId("notify")
                .setProperty("notification", body())
                .doTry()
                    .to(direct("notify-send"))
                .doCatch(Exception.class)
                    .choice()
                        // 429, 5xx, no connection, still after retries: not the person's fault, retried later
                        .when(e -> twilio.Retryable.test(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)))
                            .bean("notifier", "held(${exchangeProperty.notification}, ${exception})")
                        // Twilio refused the request (e.g. an invalid number): failed, escalation moves on at once
                        .otherwise()
                            .bean("notifier", "failed(${exchangeProperty.notification}, ${exception})")
                            .filter(body())
                                .setBody(simple("${exchangeProperty.notification.alarmId}"))
                                .to(seda("escalate"))
                            .end()
                    .end()
                .end();

        // held notifications of this instance, tried again every callout.twilio.hold-retry
        from(timer("notify-held").period("{{callout.escalation.poll}}").delay(1000)).routeId("notify-held")
                .bean("heldRetry", "due")
                .split(body())
                    .to(seda("notify"));

        // SMS or call through Twilio, then keep Twilio's SID and first status
        from(direct("notify-send")).routeId("notify-send")
                .errorHandler(noErrorHandler())
                // storm control: held for a bundle or by the phone's rate limit (sent later by storm-bundles)
                .filter(e -> Beans.bean(e, "stormControl", storm.StormControl.class)
                        .admit(e.getIn().getBody(alarm.Notification.class)))
                .choice()
                    .when(e -> e.getIn().getBody(alarm.Notification.class).isSms())
                        .process(e -> e.getIn().setBody(notifier(e).sms(e.getIn().getBody(alarm.Notification.class))))
                        .to(direct("twilio-sms"))
                    .otherwise()
                        .process(e -> e.getIn().setBody(notifier(e).call(e.getIn().getBody(alarm.Notification.class))))
                        .to(direct("twilio-call"))
                .end()
                .process(e -> notifier(e).sent(e.getProperty("notification", alarm.Notification.class),
                        e.getIn().getBody()))
                .end();

        // work of instances whose lease expired or was released (see cluster.Leases): what they never recorded as
        // handed to Twilio (a crash in between) is sent now, unless Twilio shows it already has it
        from(timer("notify-takeover").period("{{callout.escalation.poll}}").delay(500)).routeId("notify-takeover")
                .bean("leases", "takeOver")
                .split(body())
                    .filter(method("resendGuard", "needsSending"))
                    .to(seda("notify"));
    }

    private static notify.Notifier notifier(org.apache.camel.Exchange e) {
        return Beans.bean(e, "notifier", notify.Notifier.class);
    }
}
