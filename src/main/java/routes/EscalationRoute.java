package routes;

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
                .bean("escalation", "due")
                .split(body())
                    .to(seda("escalate"));

        // move one alarm forward: notifications of the next member, one per channel
        from(seda("escalate").concurrentConsumers(4)).routeId("escalate")
                .bean("escalation", "advance")
                .bean("events", "escalated")
                .split(body())
                    .to(seda("notify"));

        // place one notification; a failure is recorded and escalates at once
        from(seda("notify").concurrentConsumers("{{callout.notify.concurrency:16}}")).routeId("notify")
                .setProperty("notification", body())
                .doTry()
                    .to(direct("notify-send"))
                .doCatch(Exception.class)
                    // still failing after retries: recorded as failed, and escalation moves on at once
                    .bean("notifier", "failed(${exchangeProperty.notification}, ${exception})")
                    .filter(body())
                        .setBody(simple("${exchangeProperty.notification.alarmId}"))
                        .to(seda("escalate"))
                    .end()
                .end();

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

        // at start: notifications created but never recorded as handed to Twilio (crash in between) are sent now,
        // unless Twilio shows it already has them
        from(timer("notify-resume").repeatCount(1).delay(500)).routeId("notify-resume")
                .bean("alarmStore", "pending")
                .split(body())
                    .filter(method("resendGuard", "needsSending"))
                    .to(seda("notify"));
    }

    private static notify.Notifier notifier(org.apache.camel.Exchange e) {
        return Beans.bean(e, "notifier", notify.Notifier.class);
    }
}
