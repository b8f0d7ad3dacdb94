package cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import support.CalloutCluster;
import support.CalloutCluster.Node;
import support.ExternalService;

/**
 * Issue #19's rolling restart: three Callout processes on one PostgreSQL schema and one sandbox, alarms arriving and
 * escalating all along, while each instance in turn gets SIGTERM, is started again and answers
 * /observe/health/ready before the next one stops. A clean stop hands its leases back at once, so no step is
 * notified twice and none is late: each step's notification row within 2 s of its due time (the previous step's
 * row + the delay; the alarm's arrival for the first step), and its Twilio create too.
 */
@ExternalService(ExternalService.Service.POSTGRESQL)
class RollingRestartTest {

    /** Longer than the test's own patience for a late step: a hand-over that waited for expiry would show. */
    static final Duration LEASE = Duration.ofSeconds(10);
    static final Duration DELAY = Duration.ofSeconds(4);
    static final int STEPS = 3;
    static final Duration LATE = Duration.ofSeconds(2);
    /** Alarms a second while the instances restart. */
    static final int RATE = 4;

    /**
     * A few alarms of a roster of their own through every instance first, so the timed ones do not measure fresh
     * JVMs' first requests (class loading, interpreted code). Their rows and phones are not counted.
     */
    static void warmUp(CalloutCluster cluster) throws Exception {
        cluster.roster("warmup");
        for (int i = 0; i < 30; i++) {
            Node node = cluster.nodes.get(i % cluster.nodes.size());
            node.client.api("POST", "/api/alarms", Map.of("source", "warmup/" + i, "name", "Warm-up " + i,
                    "roster", "warmup"));
        }
        // their first steps are out, the second steps due within the delay
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cluster.count(
                "SELECT COUNT(*) FROM notifications WHERE twilio_sid IS NOT NULL") >= 30);
    }

    @Test
    void should_page_every_step_once_and_on_time_through_a_rolling_restart() throws Exception {
        try (CalloutCluster cluster = new CalloutCluster(3, LEASE, DELAY, Map.of("callout.mqtt.enabled", "false",
                // no watchers: every bit of CPU for the steps being timed
                "callout.twilio.watch.enabled", "false"))) {
            long t0 = System.nanoTime();
            cluster.start();
            ChaosTest.say("rolling: sandbox and 3 instances ready in %.1f s", (System.nanoTime() - t0) / 1e9);
            Set<String> numbers = new HashSet<>(cluster.roster("rolling"));
            warmUp(cluster);
            String loadBefore = CalloutCluster.loadAverage();

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread sender = new Thread(() -> {
                Random random = new Random();
                long start = System.nanoTime();
                for (int i = 0; sending.get(); i++) {
                    LockSupport.parkNanos(start + i * 1_000_000_000L / RATE - System.nanoTime());
                    String source = "rolling/" + i;
                    Map<String, Object> alarm = Map.of("source", source, "name", "Rolling " + i, "roster", "rolling",
                            "eventId", "rolling-" + i);
                    if (cluster.postAlarm(random, alarm) / 100 == 2) {
                        accepted.add(source);
                    } else {
                        refused.incrementAndGet();
                    }
                }
            }, "rolling-sender");
            sender.start();
            // escalations under way on every instance before the first stop
            LockSupport.parkNanos(DELAY.plusSeconds(2).toNanos());

            List<String> restarts = new ArrayList<>();
            for (Node node : cluster.nodes) {
                Duration stop = node.terminate();
                long t = System.nanoTime();
                node.start();
                restarts.add(String.format("%s stopped in %.1f s, ready again in %.1f s", node.id,
                        stop.toNanos() / 1e9, (System.nanoTime() - t) / 1e9));
                ChaosTest.say("rolling: %s", restarts.get(restarts.size() - 1));
            }
            // the last instance's escalations run on after it is back
            LockSupport.parkNanos(DELAY.toNanos());
            sending.set(false);
            sender.join();

            boolean quiet = cluster.awaitQuiet(Duration.ofSeconds(60));
            CalloutCluster.Figures f = cluster.figures("rolling/", accepted, STEPS, numbers, LATE);
            ChaosTest.say("rolling: %d alarms accepted (%d refused), 3 SIGTERM restarts; load average %s before, "
                    + "%s after", accepted.size(), refused.get(), loadBefore, CalloutCluster.loadAverage());
            ChaosTest.say("rolling: %s", f);
            f.problems.stream().limit(20).forEach(p -> ChaosTest.say("rolling: problem: %s", p));

            assertThat(quiet).as("every escalation ended and every notification reached Twilio").isTrue();
            assertThat(refused.get()).as("alarms no instance accepted").isZero();
            assertThat(f.acceptedNotStored).isZero();
            assertThat(f.sourcesStoredTwice).isZero();
            assertThat(f.stepsMissing).as("steps never notified").isZero();
            assertThat(f.rowDoubles).as("steps with two notification rows").isZero();
            assertThat(f.rowsWithoutSid).isZero();
            assertThat(f.createDoubles).as("Twilio creates of no row (a step sent twice)").isZero();
            assertThat(f.createsMissing).isZero();
            assertThat(f.creates).isEqualTo(f.notifications);
            String loadAfter = CalloutCluster.loadAverage();
            if (CalloutCluster.timingMeaningful(loadBefore, loadAfter)) {
                assertThat(f.maxRowLateMs).as("the latest step's row beyond its due time (ms)")
                        .isLessThanOrEqualTo(LATE.toMillis());
                assertThat(f.createsLaterThan).as("steps reaching Twilio more than %s after they were due", LATE)
                        .isZero();
            } else {
                ChaosTest.say("rolling: [timing not asserted] load average %s before, %s after on %d cores (over %.0f "
                        + "per core): the lateness above measures a starved CPU", loadBefore, loadAfter,
                        Runtime.getRuntime().availableProcessors(), CalloutCluster.BUSY_LOAD_PER_CORE);
            }
        }
    }
}
