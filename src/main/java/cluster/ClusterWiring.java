package cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.spi.PropertiesComponent;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the cluster service behind {@code master:} endpoints to Camel (properties alone cannot declare one) and binds
 * this instance's id as {@code calloutInstanceId}.
 */
public final class ClusterWiring {

    private static final Logger LOG = LoggerFactory.getLogger("callout.cluster");

    private ClusterWiring() {
    }

    /** Call from a {@code CamelConfiguration}, after the database pool is added (services stop in reverse order). */
    public static CamelClusterService addTo(CamelContext context, Jdbi jdbi, Path dataDir) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        String instanceId = InstanceId.of(props.resolveProperty("callout.instance-id").orElse(""));
        String kind = props.resolveProperty("callout.cluster.service").map(String::trim).filter(s -> !s.isEmpty())
                .orElse("db");
        Duration lease = Duration.parse(props.resolveProperty("callout.cluster.lease").orElse("PT30S").trim());
        String prefix = "callout.cluster." + kind + ".";
        Map<String, String> options = new LinkedHashMap<>();
        Properties found = props.loadProperties(k -> k.startsWith(prefix));
        for (String key : found.stringPropertyNames()) {
            options.put(key.substring(prefix.length()), props.resolveProperty(key).orElse(found.getProperty(key)));
        }
        CamelClusterService service = ClusterServices.create(context, kind, instanceId, lease, jdbi, dataDir, options);
        context.getRegistry().bind("calloutInstanceId", instanceId);
        context.addService(service, true, true);
        LOG.info("Instance {}: singleton routes (master:) led through the {} cluster service, lease {}", instanceId,
                kind, lease);
        return service;
    }
}
