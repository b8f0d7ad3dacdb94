package cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.support.PropertyBindingSupport;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@link CamelClusterService} behind Callout's {@code master:} endpoints, chosen by
 * {@code callout.cluster.service}:
 * <ul>
 * <li>{@code db} (default): {@link DbClusterService}, a lease row per namespace in Callout's database;</li>
 * <li>{@code file}: Camel's {@link FileLockClusterService}, a file lock under {@code callout.cluster.file.root}
 * (instances on one host, or on a shared file system with working locks);</li>
 * <li>{@code kubernetes}: camel-kubernetes' {@code KubernetesClusterService} on a coordination.k8s.io Lease;</li>
 * <li>{@code zookeeper}: camel-zookeeper's {@code ZooKeeperClusterService} (Curator leader latch);</li>
 * <li>{@code consul}: camel-consul's {@code ConsulClusterService} (a Consul session and key).</li>
 * </ul>
 * The last three are not in the default build (build with {@code -Pcluster-kubernetes}, {@code -Pcluster-zookeeper}
 * or {@code -Pcluster-consul}); they are created by class name and every {@code callout.cluster.<service>.*} property
 * is set on them by Camel's property binding (e.g. {@code callout.cluster.zookeeper.nodes=zk1:2181}).
 */
public final class ClusterServices {

    static final String KUBERNETES = "org.apache.camel.component.kubernetes.cluster.KubernetesClusterService";
    static final String ZOOKEEPER = "org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService";
    static final String CONSUL = "org.apache.camel.component.consul.cluster.ConsulClusterService";

    private ClusterServices() {
    }

    /**
     * @param kind     callout.cluster.service
     * @param options  the callout.cluster.{kind}.* properties, prefix removed
     */
    public static CamelClusterService create(CamelContext context, String kind, String instanceId, Duration lease,
            Jdbi jdbi, Path dataDir, Map<String, String> options) throws Exception {
        switch (kind) {
            case "db":
                return new DbClusterService(new LeaseTable(jdbi), instanceId, lease);
            case "file": {
                FileLockClusterService file = new FileLockClusterService();
                file.setId("callout-file");
                file.setRoot(options.getOrDefault("root", dataDir.resolve("cluster").toString()));
                file.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
                file.setAcquireLockInterval(lease.dividedBy(3).toMillis(), TimeUnit.MILLISECONDS);
                return file;
            }
            case "kubernetes": {
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("podName", instanceId);
                props.put("leaseResourceType", "Lease");
                props.put("leaseDurationMillis", lease.toMillis());
                props.put("renewDeadlineMillis", lease.toMillis() * 2 / 3);
                props.put("retryPeriodMillis", lease.toMillis() / 6);
                props.putAll(options);
                return stock(context, KUBERNETES, "cluster-kubernetes", "callout-kubernetes", props);
            }
            case "zookeeper": {
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("basePath", "/callout/cluster");
                props.putAll(options);
                return stock(context, ZOOKEEPER, "cluster-zookeeper", "callout-zookeeper", props);
            }
            case "consul": {
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("rootPath", "/callout/cluster");
                props.put("sessionTtl", (int) Math.max(10, lease.toSeconds())); // Consul's session TTL minimum is 10 s
                props.putAll(options);
                return stock(context, CONSUL, "cluster-consul", "callout-consul", props);
            }
            default:
                throw new IllegalArgumentException(
                        "callout.cluster.service must be db, file, kubernetes, zookeeper or consul, not '" + kind + "'");
        }
    }

    private static CamelClusterService stock(CamelContext context, String className, String profile, String id,
            Map<String, Object> props) {
        Class<?> type;
        try {
            type = Class.forName(className, true, ClusterServices.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the class path: build Callout with -P" + profile
                    + " (mvn -B -q package -DskipTests -P" + profile + ")", e);
        }
        CamelClusterService service = (CamelClusterService) context.getInjector().newInstance(type);
        service.setId(id);
        PropertyBindingSupport.build().withMandatory(true).withIgnoreCase(true)
                .bind(context, service, new LinkedHashMap<>(props));
        return service;
    }
}
