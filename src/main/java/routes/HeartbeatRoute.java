package routes;

import heartbeat.HeartbeatService;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Heartbeats: a missed deadline raises its alarm through the intake (and so pages its roster); a beat (HTTP, or MQTT
 * via camel/heartbeat-mqtt.yaml) after one clears it, which stops its escalation.
 */
public class HeartbeatRoute extends EndpointRouteBuilder {

    @Override
    public void configure() {
        // deadlines passed without a beat: raise each lost alarm, then mark the heartbeat lost
        from(Singleton.of("heartbeat-check", timer("heartbeat-check").period("{{callout.heartbeats.poll}}").delay(1000)))
                .routeId("heartbeat-check")
                .bean("heartbeats", "due")
                .split(body())
                    .setProperty("lost", body())
                    .transform().body(b -> ((HeartbeatService.Lost) b).payload())
                    .setHeader("CalloutInput", constant("heartbeat"))
                    .to(direct("alarm-intake"))
                    .setBody(exchangeProperty("lost"))
                    // a beat that came in meanwhile: the alarm just raised is cleared again
                    .bean("heartbeats", "markLost")
                    .filter(body().isNotNull())
                        .to(direct("alarm-intake"))
                    .end()
                .end();

        // a beat from MQTT (topic callout/heartbeats/<name>)
        from(direct("heartbeat-mqtt-beat")).routeId("heartbeat-mqtt-beat")
                .bean("heartbeats", "beatByTopic(${header.CamelMqttTopic})")
                .to(direct("heartbeat-clear"));

        // body: a HeartbeatService.Beat (or null); the clear event of a lost heartbeat's alarm goes to the intake
        from(direct("heartbeat-clear")).routeId("heartbeat-clear")
                .transform().body(b -> b == null ? null : ((HeartbeatService.Beat) b).clear())
                .filter(body().isNotNull())
                    .setHeader("CalloutInput", constant("heartbeat"))
                    .to(direct("alarm-intake"))
                .end();
    }
}
