package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Status reconciliation: notifications whose status callbacks were lost are fetched from Twilio and updated as the
 * callback would have. Its own route, so that it can later run on one instance only (a master: consumer).
 */
public class TwilioReconcileRoute extends EndpointRouteBuilder {

    @Override
    public void configure() {
        from(Singleton.of("twilio-reconcile", timer("twilio-reconcile").period("{{callout.twilio.reconcile-poll}}").delay(2000)))
                .routeId("twilio-reconcile")
                .bean("reconciler", "stale")
                .split(body())
                    .bean("reconciler", "reconcile")
                    // the person was not reached (failed, busy, no-answer...): escalation moves on at once
                    .filter(body().isNotNull())
                        .to(seda("escalate"))
                    .end()
                .end();
    }
}
