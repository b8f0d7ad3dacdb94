package health;

import jakarta.jms.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.eclipse.paho.mqttv5.client.MqttClient;

/**
 * Readiness: the brokers of the alarm inputs that run. The MQTT input's client is connected (route
 * {@code alarm-input-mqtt} started), the JMS input's connection factory gives a connection (route
 * {@code alarm-input-jms} started); an input route that is absent or stopped is not checked.
 */
public final class BrokersCheck extends AbstractHealthCheck {

    static final String MQTT_ROUTE = "alarm-input-mqtt";
    static final String JMS_ROUTE = "alarm-input-jms";
    private final long timeoutMillis;

    public BrokersCheck(long timeoutMillis) {
        super("callout", "callout-brokers");
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> down = new ArrayList<>();
        List<String> up = new ArrayList<>();
        if (running(MQTT_ROUTE)) {
            MqttClient mqtt = getCamelContext().getRegistry().lookupByNameAndType("mqttAlarmClient", MqttClient.class);
            boolean connected = mqtt != null && mqtt.isConnected();
            // the URL goes in the details: Camel's health JSON escapes a message's slashes twice
            (connected ? up : down).add("mqtt");
            builder.detail("mqtt", (connected ? "connected to " : "not connected to ")
                    + (mqtt == null ? "?" : mqtt.getServerURI()));
        }
        if (running(JMS_ROUTE)) {
            ConnectionFactory jms = getCamelContext().getRegistry()
                    .lookupByNameAndType("jmsConnectionFactory", ConnectionFactory.class);
            String state;
            try {
                TimeLimit.run(() -> {
                    // a caching factory hands out its one shared connection: no new broker session per probe
                    jms.createConnection().close();
                    return true;
                }, timeoutMillis);
                state = "connected";
                up.add("jms");
            } catch (Exception e) {
                state = "not connected: " + e.getMessage();
                down.add("jms");
            }
            builder.detail("jms", state);
        }
        if (up.isEmpty() && down.isEmpty()) {
            builder.up().message("no broker input running");
        } else if (down.isEmpty()) {
            builder.up().message("connected: " + String.join(", ", up));
        } else {
            builder.down().message("not connected: " + String.join(", ", down));
        }
    }

    private boolean running(String routeId) {
        Route route = getCamelContext().getRoute(routeId);
        return route != null && getCamelContext().getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
    }
}
