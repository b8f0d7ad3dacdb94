package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/** Maintenance windows: when none covers a suppressed, still active alarm any more, it escalates now. */
public class MaintenanceRoute extends EndpointRouteBuilder {

    @Override
    public void configure() {
        // windows ended or deleted: their held alarms start their first step at once
        from(Singleton.of("maintenance-transitions", timer("maintenance-transitions").period("{{callout.maintenance.poll}}").delay(1000)))
                .routeId("maintenance-transitions")
                .bean("maintenance", "releaseEnded")
                .split(body())
                    .to(seda("escalate"));
    }
}
