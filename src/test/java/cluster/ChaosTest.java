package cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import support.CalloutCluster;
import support.CalloutCluster.Node;
import support.ExternalService;

/**
 * Issue #19's chaos test: three Callout processes on one PostgreSQL schema share one sandbox process ("Twilio"), a
 * storm of alarms arrives over HTTP (spread over the instances) and MQTT (the local Mosquitto, when it runs), while
 * a loop kills -9 a random instance every few seconds and starts it again. Then, from the database, the sandbox's
 * request log and every run's log: each accepted alarm stored once; each step of each alarm a notification row,
 * created once at the sandbox, none missing; each step reached Twilio within its delay + the lease (+ slack) of
 * the previous one; the Twilio watchers (a singleton, enabled on all three) led by one run at a time, and no watch
 * event published twice. The figures are printed.
 *
 * <p>Longer runs: {@code bench/chaos.sh} sets {@code -Dcallout.chaos.alarms} and {@code -Dcallout.chaos.storm}.
 */
@ExternalService(ExternalService.Service.POSTGRESQL)
class ChaosTest {

    static final int ALARMS = Integer.getInteger("callout.chaos.alarms", 400);
    /** How long the alarms take to arrive; the kill loop runs that long plus two escalation delays. */
    static final Duration STORM = Duration.parse(System.getProperty("callout.chaos.storm", "PT40S"));
    /** The pause before the next kill -9, once the last one's instance is back. */
    static final Duration KILL_EVERY_MIN = Duration.ofSeconds(2);
    static final Duration KILL_EVERY_MAX = Duration.ofSeconds(5);
    static final Duration LEASE = Duration.ofSeconds(6);
    static final Duration DELAY = Duration.ofSeconds(4);
    static final int STEPS = 3;
    /** Beyond delay + lease: the take-over poll (0.5 s), asking Twilio whether it has the SMS, a loaded machine. */
    static final Duration SLACK = Duration.ofSeconds(5);
    /** Every fourth alarm goes over MQTT (when Mosquitto runs). */
    static final int MQTT_EVERY = 4;

    static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);

    @Test
    void should_page_every_step_exactly_once_while_instances_are_killed() throws Exception {
        try (CalloutCluster cluster = new CalloutCluster(3, LEASE, DELAY, Map.of())) {
            long t0 = System.nanoTime();
            cluster.start();
            say("chaos: sandbox and 3 instances ready in %.1f s (MQTT %s)", (System.nanoTime() - t0) / 1e9,
                    cluster.mqtt ? "on the local Mosquitto, topic " + cluster.mqttTopic : "off: Mosquitto not running");
            Set<String> numbers = new HashSet<>(cluster.roster("chaos"));
            String loadBefore = CalloutCluster.loadAverage();

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger published = new AtomicInteger();
            List<Instant> kills = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Future<?>> restarts = new ArrayList<>();
            AtomicBoolean killing = new AtomicBoolean(true);
            ExecutorService restarter = Executors.newCachedThreadPool();
            long seed = Long.getLong("callout.chaos.seed", System.nanoTime());
            Thread killer = new Thread(() -> killLoop(cluster, new Random(seed), killing, kills, restarts, restarter),
                    "chaos-killer");

            long stormStart = System.nanoTime();
            long gapNanos = STORM.toNanos() / ALARMS;
            AtomicInteger next = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(cluster.mqtt ? 5 : 4);
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                sent.add(senders.submit(() -> {
                    Random random = new Random(seed + thread);
                    for (int i = next.getAndIncrement(); i < ALARMS; i = next.getAndIncrement()) {
                        if (cluster.mqtt && i % MQTT_EVERY == 0) {
                            continue;
                        }
                        LockSupport.parkNanos(stormStart + i * gapNanos - System.nanoTime());
                        String source = "chaos/http/" + i;
                        int status = cluster.postAlarm(random, alarm(source, i));
                        if (status / 100 == 2) {
                            accepted.add(source);
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            if (cluster.mqtt) {
                sent.add(senders.submit(() -> {
                    MqttClient client = new MqttClient(CalloutCluster.MOSQUITTO, "chaos-publisher-" + UUID.randomUUID(),
                            new MemoryPersistence());
                    client.connect(new MqttConnectionOptions());
                    try {
                        for (int i = 0; i < ALARMS; i += MQTT_EVERY) {
                            LockSupport.parkNanos(stormStart + i * gapNanos - System.nanoTime());
                            String source = "chaos/mqtt/" + i;
                            // QoS 1: returns once Mosquitto has it, so it counts as accepted
                            client.publish(cluster.mqttTopic, web.Json.MAPPER.writeValueAsBytes(alarm(source, i)), 1,
                                    false);
                            accepted.add(source);
                            published.incrementAndGet();
                        }
                    } finally {
                        client.disconnect();
                        client.close();
                    }
                    return null;
                }));
            }
            killer.start();
            for (Future<?> f : sent) {
                f.get();
            }
            double stormSeconds = (System.nanoTime() - stormStart) / 1e9;
            senders.shutdown();
            // kill on while the last alarms escalate, and until 3 kills at least
            LockSupport.parkNanos(DELAY.multipliedBy(2).toNanos());
            while (kills.size() < 3) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            killing.set(false);
            killer.join();
            List<String> restartFailures = new ArrayList<>();
            for (Future<?> f : restarts) {
                try {
                    f.get(5, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    restartFailures.add(String.valueOf(e.getCause()));
                }
            }
            restarter.shutdown();
            say("chaos: %d alarms sent in %.1f s (%d accepted over HTTP, %d published over MQTT, %d refused), "
                            + "%d kills -9 (seed %d)", ALARMS, stormSeconds, accepted.size() - published.get(),
                    published.get(), refused.get(), kills.size(), seed);

            boolean quiet = cluster.awaitQuiet(Duration.ofSeconds(90));
            long tookSeconds = (System.nanoTime() - stormStart) / 1_000_000_000L;

            CalloutCluster.Figures f = cluster.figures("chaos/", accepted, STEPS, numbers, LEASE.plus(SLACK));
            List<CalloutCluster.Leadership> spans = cluster.leadership("twilio-watch");
            long overlap = CalloutCluster.maxOverlapMillis(spans);
            Map<String, Integer> events = cluster.watchEvents();
            long eventDoubles = events.values().stream().filter(c -> c > 1).count();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("alarms sent", ALARMS);
            figures.put("accepted", accepted.size());
            figures.put("kills -9", kills.size());
            figures.put("storm s", Math.round(stormSeconds));
            figures.put("all done s after storm start", tookSeconds);
            figures.put("load average at the start", loadBefore);
            figures.put("load average at the end", CalloutCluster.loadAverage());
            say("chaos: %s", figures);
            say("chaos: %s", f);
            say("chaos: watchers led by %d spans over the runs, max overlap %d ms; %d watch events, %d published "
                    + "twice", spans.size(), overlap, events.size(), eventDoubles);
            f.problems.stream().limit(20).forEach(p -> say("chaos: problem: %s", p));

            assertThat(restartFailures).as("restarts that failed").isEmpty();
            assertThat(quiet).as("every escalation ended and every notification reached Twilio").isTrue();
            assertThat(kills).as("kills").hasSizeGreaterThanOrEqualTo(3);
            assertThat(f.acceptedNotStored).as("accepted alarms not stored").isZero();
            assertThat(f.sourcesStoredTwice).as("alarms stored twice").isZero();
            assertThat(f.alarmsStored).as("alarms stored").isGreaterThanOrEqualTo(accepted.size());
            assertThat(f.stepsMissing).as("steps never notified").isZero();
            assertThat(f.rowDoubles).as("steps with two notification rows").isZero();
            assertThat(f.notifications).isEqualTo(f.expectedSteps);
            assertThat(f.rowsWithoutSid).as("notifications never handed to Twilio").isZero();
            assertThat(f.createDoubles).as("Twilio creates of no row (a step sent twice)").isZero();
            assertThat(f.createsMissing).as("rows whose SID the sandbox never created").isZero();
            assertThat(f.sidsOnTwoRows).isZero();
            assertThat(f.creates).isEqualTo(f.notifications);
            String loadAfter = CalloutCluster.loadAverage();
            if (CalloutCluster.timingMeaningful(loadBefore, loadAfter)) {
                assertThat(f.createsLaterThan).as("steps reaching Twilio later than delay + lease + %s", SLACK)
                        .isZero();
            } else {
                say("chaos: [timing not asserted] load average %s at the start, %s at the end on %d cores (over %.0f "
                        + "per core): the lateness above measures a starved CPU, not the leases", loadBefore, loadAfter,
                        Runtime.getRuntime().availableProcessors(), CalloutCluster.BUSY_LOAD_PER_CORE);
            }
            assertThat(spans).as("someone led the watchers").isNotEmpty();
            assertThat(overlap).as("two runs leading the watchers at once (ms)").isZero();
            assertThat(events).as("the watchers published events").isNotEmpty();
            assertThat(eventDoubles).as("watch events published twice").isZero();
        }
    }

    static Map<String, Object> alarm(String source, int i) {
        return Map.of("source", source, "name", "Chaos " + i, "roster", "chaos", "eventId", source.replace('/', '-'),
                "message", "chaos alarm " + i);
    }

    /**
     * Kills -9 a random instance 2-5 s after the previous one is back, and starts it again: one down at a time, two
     * serving (two restarts at once on 2 cores starved the one left serving: the figures measured the CPU then).
     */
    static void killLoop(CalloutCluster cluster, Random random, AtomicBoolean killing, List<Instant> kills,
                         List<Future<?>> restarts, ExecutorService restarter) {
        long min = KILL_EVERY_MIN.toMillis();
        long max = KILL_EVERY_MAX.toMillis();
        while (killing.get()) {
            while (killing.get() && cluster.up().size() < cluster.nodes.size()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(min + random.nextLong(max - min)));
            if (!killing.get()) {
                return;
            }
            List<Node> live = cluster.up();
            Node victim = live.get(random.nextInt(live.size()));
            try {
                kills.add(victim.kill());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            say("chaos: kill -9 %s", victim.id);
            synchronized (restarts) {
                restarts.add(restarter.submit(() -> {
                    long t = System.nanoTime();
                    victim.start();
                    say("chaos: %s back (ready) in %.1f s", victim.id, (System.nanoTime() - t) / 1e9);
                    return null;
                }));
            }
        }
    }

    static void say(String format, Object... args) {
        String line = String.format(format, args);
        System.out.println(line);
        CONSOLE.println(line);
    }
}
