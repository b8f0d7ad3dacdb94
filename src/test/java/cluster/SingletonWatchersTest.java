package cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.component.master.MasterConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.PostgresSchema;

/**
 * Two Callout instances on one PostgreSQL: the Twilio watchers (master: endpoints over the database cluster service)
 * poll on one instance at a time, and move to the other when the leader stops.
 */
class SingletonWatchersTest {

    static final Duration LEASE = Duration.ofMillis(1500);
    static final String ROUTE = "twilio-watch-messages";

    PostgresSchema schema;
    CalloutApp a;
    CalloutApp b;

    @BeforeEach
    void start() throws Exception {
        schema = PostgresSchema.create("the two-instance watcher test");
        a = CalloutApp.start(props("instance-a"));
        b = CalloutApp.start(props("instance-b"));
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private Map<String, String> props(String id) {
        Map<String, String> p = new HashMap<>(schema.calloutProperties());
        p.put("callout.instance-id", id);
        p.put("callout.cluster.lease", LEASE.toString());
        p.put("callout.twilio.watch.enabled", "true");
        p.put("callout.twilio.watch.delay", "PT0.2S");
        return p;
    }

    @Test
    void should_poll_on_exactly_one_instance_and_hand_over_within_the_lease_when_the_leader_stops() {
        await().atMost(Duration.ofSeconds(15)).until(() -> leads(a) != leads(b));
        CalloutApp leader = leads(a) ? a : b;
        CalloutApp follower = leader == a ? b : a;
        // the leader's Twilio consumer polls; the follower's never starts
        await().atMost(Duration.ofSeconds(10)).until(() -> polls(leader) >= 3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> leads(leader) && !leads(follower) && polls(follower) == 0);

        String leaderId = leader == a ? "instance-a" : "instance-b";
        LeaseTable table = new LeaseTable(follower.context().getRegistry()
                .lookupByNameAndType("jdbi", org.jdbi.v3.core.Jdbi.class));
        leader.stop();
        long stoppedAt = System.nanoTime();

        // a stop releases the lease at once: the stopped leader no longer holds it, though it had just renewed it
        assertThat(table.find("twilio-watch").map(l -> l.heldBy(leaderId)).orElse(false))
                .as("lease still held by the stopped leader").isFalse();
        await().atMost(LEASE.plusSeconds(5)).until(() -> polls(follower) >= 1);
        // the follower took over within its next lease check (a third of the lease) and a poll, not after expiry
        Duration handover = Duration.ofNanos(System.nanoTime() - stoppedAt);
        System.out.printf("SingletonWatchersTest: follower polled %d ms after the leader's stop returned%n",
                handover.toMillis());
        assertThat(handover).isLessThan(LEASE.plusSeconds(1));
        assertThat(leads(follower)).isTrue();
    }

    @Test
    void should_record_the_leader_in_the_lease_row() {
        await().atMost(Duration.ofSeconds(15)).until(() -> leads(a) != leads(b));
        String expected = leads(a) ? "instance-a" : "instance-b";
        assertThat(a.context().getRegistry().lookupByNameAndType("calloutInstanceId", String.class))
                .isEqualTo("instance-a");
        List<CalloutApp> both = List.of(a, b);
        for (CalloutApp app : both) {
            assertThat(app.context().hasService(DbClusterService.class).instanceId())
                    .isEqualTo(app == a ? "instance-a" : "instance-b");
        }
        LeaseTable table = new LeaseTable(a.context().getRegistry()
                .lookupByNameAndType("jdbi", org.jdbi.v3.core.Jdbi.class));
        assertThat(table.find("twilio-watch").flatMap(LeaseTable.Lease::holder)).contains(expected);
    }

    private static boolean leads(CalloutApp app) {
        return app.context().getRoute(ROUTE).getConsumer() instanceof MasterConsumer m && m.isMaster();
    }

    private static final Pattern EXCHANGES = Pattern.compile(
            "camel_exchanges_total\\{[^}]*routeId=\"" + ROUTE + "\"[^}]*} ([0-9.E]+)");

    /** Polls the messages watcher made on that instance (one exchange per poll), from its Prometheus metrics. */
    private static long polls(CalloutApp app) {
        String text = app.send("GET", "/observe/metrics", null, Map.of()).body();
        Matcher m = EXCHANGES.matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
