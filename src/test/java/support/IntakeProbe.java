package support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;

/**
 * Records what reaches {@code direct:alarm-intake}. If the app has a real intake route, the probe is woven in front
 * of it (the real intake still decides); if not, a stub intake is added that accepts everything except a payload
 * containing "garbage", which it rejects with {@link #STUB_ERROR}.
 */
public final class IntakeProbe {

    public static final String STUB_ERROR = "not an alarm: garbage";

    /** One payload as it reached the intake. */
    public record Received(String input, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private boolean stub;

    private IntakeProbe() {
    }

    public static IntakeProbe install(CamelContext context) throws Exception {
        IntakeProbe probe = new IntakeProbe();
        Processor record = probe::record;
        Optional<Route> real = context.getRoutes().stream()
                .filter(r -> r.getEndpoint().getEndpointBaseUri().equals("direct://alarm-intake"))
                .findFirst();
        if (real.isPresent()) {
            AdviceWith.adviceWith(context, real.get().getRouteId(), a -> a.weaveAddFirst().process(record));
        } else {
            probe.stub = true;
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:alarm-intake").routeId("test-alarm-intake")
                            .errorHandler(noErrorHandler())
                            .process(record)
                            .process(IntakeProbe::stubIntake);
                }
            });
        }
        return probe;
    }

    /** True when no real intake exists and the stub decides. */
    public boolean isStub() {
        return stub;
    }

    /** The bodies that reached the intake with this {@code CalloutInput} and containing {@code marker}. */
    public List<String> bodies(String input, String marker) {
        return received.stream()
                .filter(r -> r.input().equals(input) && r.body().contains(marker))
                .map(Received::body)
                .toList();
    }

    private void record(Exchange exchange) {
        received.add(new Received(exchange.getIn().getHeader("CalloutInput", "", String.class),
                exchange.getIn().getBody(String.class)));
    }

    private static void stubIntake(Exchange exchange) {
        if (exchange.getIn().getBody(String.class).contains("garbage")) {
            throw new IllegalArgumentException(STUB_ERROR);
        }
        exchange.getIn().setBody(List.of(Map.of("alarmId", "stub", "duplicate", false)));
    }
}
