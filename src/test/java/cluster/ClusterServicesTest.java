package cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** callout.cluster.service picks the cluster service; a stock one not built in says how to get it. */
class ClusterServicesTest {

    final DefaultCamelContext context = new DefaultCamelContext();
    final Duration lease = Duration.ofSeconds(30);

    @Test
    void should_use_lease_rows_in_the_database_by_default() throws Exception {
        CamelClusterService s = ClusterServices.create(context, "db", "i-1", lease, null, Path.of("data"), Map.of());
        assertThat(s).isInstanceOf(DbClusterService.class);
        assertThat(((DbClusterService) s).instanceId()).isEqualTo("i-1");
        assertThat(((DbClusterService) s).renewEvery()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void should_use_a_file_lock_under_the_data_folder_or_the_configured_root() throws Exception {
        FileLockClusterService s = (FileLockClusterService) ClusterServices.create(context, "file", "i-1", lease,
                null, Path.of("data"), Map.of());
        assertThat(s.getRoot()).isEqualTo(Path.of("data", "cluster").toString());
        assertThat(s.getAcquireLockInterval()).isEqualTo(10_000);
        FileLockClusterService shared = (FileLockClusterService) ClusterServices.create(context, "file", "i-1", lease,
                null, Path.of("data"), Map.of("root", "/mnt/shared/callout"));
        assertThat(shared.getRoot()).isEqualTo("/mnt/shared/callout");
    }

    @Test
    void should_name_the_build_profile_when_the_stock_service_is_not_on_the_class_path() {
        assertThatThrownBy(() -> ClusterServices.create(context, "kubernetes", "i-1", lease, null, Path.of("data"),
                Map.of()))
                .hasMessage(ClusterServices.KUBERNETES + " is not on the class path: build Callout with "
                        + "-Pcluster-kubernetes (mvn -B -q package -DskipTests -Pcluster-kubernetes)");
        assertThatThrownBy(() -> ClusterServices.create(context, "zookeeper", "i-1", lease, null, Path.of("data"),
                Map.of()))
                .hasMessageContaining("-Pcluster-zookeeper");
        assertThatThrownBy(() -> ClusterServices.create(context, "consul", "i-1", lease, null, Path.of("data"),
                Map.of()))
                .hasMessageContaining("-Pcluster-consul");
    }

    @Test
    void should_refuse_an_unknown_service() {
        assertThatThrownBy(() -> ClusterServices.create(context, "jgroups", "i-1", lease, null, Path.of("data"),
                Map.of()))
                .hasMessage("callout.cluster.service must be db, file, kubernetes, zookeeper or consul, not 'jgroups'");
    }

    @Test
    void should_refuse_a_lease_too_short_to_renew() {
        assertThatThrownBy(() -> new DbClusterService(null, "i-1", Duration.ofMillis(100)))
                .hasMessage("callout.cluster.lease must be at least PT0.3S, got PT0.1S");
    }
}
