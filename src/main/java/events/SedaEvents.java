package events;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.QueueReference;
import org.apache.camel.component.seda.SedaEndpoint;

/** {@link EventPublisher}'s Camel side: are there routes on {@link EventPublisher#ENDPOINT}, and the hand-over to them. */
public final class SedaEvents implements EventPublisher.Sink, java.util.function.BooleanSupplier {

    private final CamelContext context;
    private volatile SedaEndpoint endpoint;
    private volatile ProducerTemplate producer;

    public SedaEvents(CamelContext context) {
        this.context = context;
    }

    /** True while at least one route consumes the events (user routes come and go with routes.d reloads). */
    @Override
    public boolean getAsBoolean() {
        if (!context.isStarted()) {
            return false;
        }
        QueueReference ref = endpoint().getQueueReference();
        return ref != null && ref.hasConsumers();
    }

    @Override
    public void send(String json, Map<String, Object> headers) {
        ProducerTemplate p = producer;
        if (p == null) {
            p = context.createProducerTemplate();
            producer = p;
        }
        p.sendBodyAndHeaders(endpoint(), json, headers);
    }

    private SedaEndpoint endpoint() {
        SedaEndpoint e = endpoint;
        if (e == null) {
            e = context.getEndpoint(EventPublisher.ENDPOINT, SedaEndpoint.class);
            endpoint = e;
        }
        return e;
    }
}
