package cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import db.Database;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.component.master.MasterConsumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.PostgresSchema;

/**
 * A leader that died without releasing (kill -9) keeps its lease until it expires: a new instance leaves the
 * singleton work alone until then, and takes it over within one renewal after.
 */
class DeadLeaderTakeoverTest {

    static final Duration LEASE = Duration.ofSeconds(3);

    @Test
    void should_take_over_the_watchers_only_after_the_dead_leaders_lease_expired() throws Exception {
        ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();
        try (PostgresSchema schema = PostgresSchema.create("the dead-leader take-over test");
             HikariDataSource ds = Database.open(schema.url(), "postgres", "", 2)) {
            LeaseTable leases = new LeaseTable(Jdbi.create((DataSource) ds));
            // another instance leads and renews, as DbClusterView does, every third of the lease
            AtomicLong lastRenewal = new AtomicLong();
            ScheduledFuture<?> renewing = other.scheduleWithFixedDelay(() -> {
                if (leases.claim(NAMESPACE, "other-instance", LEASE).heldBy("other-instance")) {
                    lastRenewal.set(System.nanoTime());
                }
            }, 0, LEASE.toMillis() / 3, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> lastRenewal.get() != 0);

            Map<String, String> props = new HashMap<>(schema.calloutProperties());
            props.put("callout.instance-id", "survivor");
            props.put("callout.cluster.lease", LEASE.toString());
            props.put("callout.twilio.watch.enabled", "true");
            props.put("callout.twilio.watch.delay", "PT0.5S");
            try (CalloutApp app = CalloutApp.start(props)) {
                await().during(LEASE.plusSeconds(1)).atMost(LEASE.plusSeconds(3)).until(() -> !leads(app));

                // the other instance dies: no more renewals, nothing released
                renewing.cancel(false);
                await().atMost(Duration.ofSeconds(5)).until(() -> renewing.isDone());
                long diedAfter = lastRenewal.get();

                await().atMost(LEASE.plusSeconds(5)).until(() -> leads(app));
                Duration waited = Duration.ofNanos(System.nanoTime() - diedAfter);
                // not before the dead instance's lease ran out, and within one renewal (+ a second's start) after
                assertThat(waited).isGreaterThanOrEqualTo(LEASE.minusMillis(200));
                assertThat(leases.find(NAMESPACE).flatMap(LeaseTable.Lease::holder)).contains("survivor");
            }
        } finally {
            other.shutdownNow();
        }
    }

    private static boolean leads(CalloutApp app) {
        return app.context().getRoute("twilio-watch-messages").getConsumer() instanceof MasterConsumer m
                && m.isMaster();
    }

    /** The watchers' namespace (routes.TwilioWatchRoute.NAMESPACE). */
    static final String NAMESPACE = "twilio-watch";
}
