package stats;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * {@code camel_exchanges_inflight{routeId}} read from Camel's own inflight repository. Camel's exchange event
 * notifier also publishes this series, but it timed and looked up meters on every exchange (a registry search per
 * event); this registers one gauge per route when the route is added, and costs nothing per exchange.
 */
public final class InflightGauges extends EventNotifierSupport {

    private final CamelContext context;
    private final MeterRegistry meters;

    public InflightGauges(CamelContext context, MeterRegistry meters) {
        this.context = context;
        this.meters = meters;
        setIgnoreExchangeEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteAddedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.RouteAddedEvent added) {
            String routeId = added.getRoute().getRouteId();
            Gauge.builder("camel.exchanges.inflight", context, c -> c.getInflightRepository().size(routeId))
                    .description("Exchanges in flight in the route")
                    .tag("camelContext", context.getName()).tag("routeId", routeId)
                    .register(meters);
        }
    }
}
