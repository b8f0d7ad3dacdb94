package broker;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.jms.JmsConsumer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * Readiness of one alarm input that depends on a broker: DOWN, named ({@code input-jms}, {@code input-mqtt}), while
 * its route runs but the broker cannot be reached, so {@code /observe/health} no longer says UP while alarms sent
 * there go nowhere. An input switched off ({@code callout.jms.enabled=false} …) is UP with {@code disabled}.
 * Readiness only: restarting Callout does not bring a broker back.
 */
public final class InputHealthCheck extends AbstractHealthCheck {

    private final String routeId;
    private final String url;
    private final Function<Route, Optional<String>> problem;

    private InputHealthCheck(String input, String routeId, String url, Function<Route, Optional<String>> problem) {
        super("callout", "input-" + input);
        this.routeId = routeId;
        this.url = url;
        this.problem = problem;
    }

    /** The JMS input: connected when its listener container has a consumer registered on the queue. */
    public static InputHealthCheck jms(String routeId, String url) {
        return new InputHealthCheck("jms", routeId, url, route -> {
            DefaultMessageListenerContainer container = jmsContainer(route);
            if (container == null || container.isRegisteredWithDestination()) {
                return Optional.empty();
            }
            return Optional.of(container.isRecovering() ? "cannot connect to the JMS broker, retrying"
                    : "not connected to the JMS broker yet");
        });
    }

    /** The MQTT input: connected when its session client is. */
    public static InputHealthCheck mqtt(String routeId, String url, SessionMqttClient client) {
        return new InputHealthCheck("mqtt", routeId, url, route -> client.isConnected() ? Optional.empty()
                : Optional.of("cannot connect to the MQTT broker, retrying"));
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("route.id", routeId).detail("url", url);
        Route route = getCamelContext().getRoute(routeId);
        ServiceStatus status = getCamelContext().getRouteController().getRouteStatus(routeId);
        if (route == null || status == null || !status.isStarted()) {
            builder.detail("disabled", true).up();
            return;
        }
        Optional<String> down = problem.apply(route);
        if (down.isPresent()) {
            builder.message(down.get()).down();
        } else {
            builder.up();
        }
    }

    private static DefaultMessageListenerContainer jmsContainer(Route route) {
        if (route.getConsumer() instanceof JmsConsumer consumer) {
            try {
                AbstractMessageListenerContainer container = consumer.getListenerContainer();
                return container instanceof DefaultMessageListenerContainer d ? d : null;
            } catch (Exception e) {
                return null;
            }
        }
        return null;
    }
}
