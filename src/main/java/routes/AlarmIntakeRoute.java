package routes;

import alarm.AlarmService;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import stats.OpsMetrics;
import web.Utf8Body;

/** Every alarm input ends here: validate, dedup, store, then hand new alarms to escalation. */
public class AlarmIntakeRoute extends EndpointRouteBuilder {

    @Override
    public void configure() {
        // raw payload (object, array or NDJSON) + CalloutInput header -> IntakeBatch, stored before returning
        from(direct("alarm-intake")).routeId("alarm-intake")
                // errors go back to the calling input route, whose own policy answers them
                .errorHandler(noErrorHandler())
                // strict UTF-8: convertBodyTo(String.class) stored invalid bytes as replacement characters
                .process(new Utf8Body())
                // plain processors (see Beans)
                .process(e -> {
                    String input = e.getIn().getHeader("CalloutInput", String.class);
                    AlarmService.IntakeBatch batch = Beans.bean(e, "alarmService", AlarmService.class)
                            .accept(e.getIn().getBody(String.class), input);
                    Beans.bean(e, "opsMetrics", OpsMetrics.class).alarmsReceived(input, batch.newAlarms().size());
                    batch.newAlarms().forEach(Beans.bean(e, "events", events.EventPublisher.class)::raised);
                    e.getIn().setBody(batch);
                })
                .wireTap(direct("alarm-kick"));

        // new alarms' first notifications were stored with them: hand them to Twilio at once (if Callout stops
        // first, notify-resume sends them at the next start)
        from(direct("alarm-kick")).routeId("alarm-kick")
                // a typed function, not simple("${body.notifications}"): that ran the bean language's OGNL for every
                // alarm (0.7 % of the CPU at 1,000 alarms/s)
                .split().body(AlarmService.IntakeBatch.class, AlarmService.IntakeBatch::notifications)
                    .to(seda("notify"));
    }
}
