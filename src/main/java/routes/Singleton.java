package routes;

import org.apache.camel.builder.EndpointConsumerBuilder;
import org.apache.camel.builder.endpoint.StaticEndpointBuilders;
import org.apache.camel.builder.endpoint.dsl.MasterEndpointBuilderFactory.MasterEndpointBuilder;

/**
 * Work that must run on one instance at a time: wraps a consumer endpoint in Camel's {@code master:} endpoint, so
 * only the instance leading {@code namespace} (through the cluster service cluster.ClusterWiring adds) runs the
 * consumer; when it stops or dies, another instance starts its own. Use it for timers and pollers:
 * <pre>{@code from(Singleton.of("heartbeat-check", timer("heartbeat-check").period(1000))).routeId("heartbeat-check")}</pre>
 * Routes sharing a namespace always run on the same instance, under one lease.
 */
public final class Singleton {

    private Singleton() {
    }

    public static MasterEndpointBuilder of(String namespace, EndpointConsumerBuilder consumer) {
        // master:<namespace>:<the consumer's own URI>; its query goes to the consumer
        return StaticEndpointBuilders.master(namespace + ":" + consumer.getRawUri());
    }
}
