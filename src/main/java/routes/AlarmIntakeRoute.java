package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/** Every alarm input ends here: validate, dedup, store, then hand new alarms to escalation. */
public class AlarmIntakeRoute extends EndpointRouteBuilder {

    @Override
    public void configure() {
        // raw payload (object, array or NDJSON) + CalloutInput header -> IntakeBatch, stored before returning
        from(direct("alarm-intake")).routeId("alarm-intake")
                // errors go back to the calling input route, whose own policy answers them
                .errorHandler(noErrorHandler())
                .convertBodyTo(String.class)
                .bean("alarmService", "accept(${body}, ${header.CalloutInput})")
                .bean("opsMetrics", "alarmsReceived(${header.CalloutInput}, ${body.newAlarms.size})")
                .wireTap(direct("alarm-kick"));

        // new alarms' first notifications were stored with them: hand them to Twilio at once (if Callout stops
        // first, notify-resume sends them at the next start)
        from(direct("alarm-kick")).routeId("alarm-kick")
                .split(simple("${body.notifications}"))
                    .to(seda("notify"));
    }
}
