package cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import db.Database;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster service's views on one database: one leader per namespace, release at stop, step-down on failure. */
class DbClusterServiceTest {

    static final Duration LEASE = Duration.ofMillis(900);
    HikariDataSource h2;
    LeaseTable leases;
    final DefaultCamelContext context = new DefaultCamelContext();
    final List<DbClusterService> services = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        h2 = Database.open("jdbc:h2:file:" + Files.createTempDirectory("cluster-test").resolve("db")
                + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4);
        leases = new LeaseTable(Jdbi.create((DataSource) h2));
    }

    @AfterEach
    void close() {
        services.forEach(DbClusterService::stop);
        h2.close();
    }

    private DbClusterService service(String id) {
        DbClusterService s = new DbClusterService(leases, id, LEASE);
        s.setCamelContext(context);
        s.start();
        services.add(s);
        return s;
    }

    @Test
    void should_let_one_of_two_instances_lead_and_hand_over_at_once_when_it_stops() throws Exception {
        DbClusterService a = service("a");
        DbClusterService b = service("b");
        CamelClusterView va = a.getView("ns");
        CamelClusterView vb = b.getView("ns");

        await().atMost(Duration.ofSeconds(5)).until(() -> va.getLocalMember().isLeader() != vb.getLocalMember().isLeader());
        DbClusterService leader = va.getLocalMember().isLeader() ? a : b;
        DbClusterService follower = leader == a ? b : a;
        CamelClusterView followerView = leader == a ? vb : va;
        assertThat(followerView.getLeader().map(m -> m.getId())).contains(leader.instanceId());

        leader.stop();

        assertThat(leases.find("ns").flatMap(LeaseTable.Lease::holder)).isEmpty(); // released, not left to expire
        await().atMost(LEASE).until(() -> followerView.getLocalMember().isLeader());
        assertThat(follower.isLeader("ns")).isTrue();
    }

    @Test
    void should_step_down_at_once_when_the_lease_cannot_be_renewed() throws Exception {
        DbClusterService a = service("a");
        CamelClusterView view = a.getView("ns");
        await().atMost(Duration.ofSeconds(5)).until(() -> view.getLocalMember().isLeader());
        // a listener added to a running view first hears the current leader (as MasterConsumer does)
        List<String> events = new CopyOnWriteArrayList<>();
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) ->
                events.add(leader == null ? "none" : leader.getId()));

        h2.close(); // the database is gone: the next renewal fails

        await().atMost(LEASE).until(() -> !view.getLocalMember().isLeader());
        assertThat(events).containsExactly("a", "none");
    }
}
