package support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Several Callout processes on one PostgreSQL schema and one standalone sandbox process ("Twilio"), for the chaos
 * and rolling-restart tests and their bench: start, kill -9, SIGTERM and restart an instance, then read what
 * happened from the database (alarms, notification rows), the sandbox (every create request it received) and each
 * run's log (singleton leadership, Twilio watch events).
 */
public final class CalloutCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    public static final String MOSQUITTO = "tcp://127.0.0.1:1883";

    public final PostgresSchema schema;
    public final Path dir;
    public final int sandboxPort;
    /** HTTP helpers aimed at the sandbox (phones, request log). */
    public final CalloutApp twilio;
    public final List<Node> nodes = new ArrayList<>();
    public final String mqttTopic;
    public final boolean mqtt;
    public final Duration lease;
    public final Duration delay;
    private Process sandbox;

    /** One run of an instance's process, from launch to kill -9 / SIGTERM (null while running). */
    public record Run(Path log, Instant started, Instant ended, String how) {
    }

    /** One Callout instance: its port, its process, its runs. */
    public final class Node {
        public final int index;
        public final String id;
        public final int port;
        public final CalloutApp client;
        final CalloutProcess process;
        public volatile boolean up;
        private Instant startedAt;
        public final List<Run> runs = new CopyOnWriteArrayList<>();

        Node(int index, Map<String, String> extra) throws IOException {
            this.index = index;
            this.id = "chaos-" + index;
            this.port = CalloutProcess.freePort();
            this.client = new CalloutApp(Map.of()).at(port);
            Path data = Files.createDirectories(dir.resolve(id));
            Map<String, String> p = new HashMap<>(schema.calloutProperties());
            p.put("camel.server.port", String.valueOf(port));
            p.put("callout.public-url", "http://localhost:" + port);
            p.put("callout.api.token", CalloutApp.TOKEN);
            p.put("callout.data.dir", data.toString());
            p.put("callout.inbox.dir", data.resolve("inbox").toString());
            p.put("callout.routes.dir", data.resolve("routes").toString());
            p.put("callout.instance-id", id);
            p.put("callout.cluster.lease", lease.toString());
            p.put("callout.twilio.account-sid", "AC00000000000000000000000000000000");
            p.put("callout.twilio.auth-token", "sandbox-auth-token");
            p.put("callout.twilio.from-number", "+15005550006");
            p.put("callout.twilio.api-url", "http://127.0.0.1:" + sandboxPort + "/sandbox/twilio");
            p.put("callout.escalation.delay", delay.toString());
            p.put("callout.escalation.rounds", "1");
            p.put("callout.escalation.poll", "500");
            p.put("callout.bundle.window", "PT0S");
            p.put("callout.limits.sms", "none");
            p.put("callout.limits.voice", "none");
            p.put("callout.notify.concurrency", "8");
            // Twilio watchers on every instance: the singleton lease lets one poll at a time
            p.put("callout.twilio.watch.enabled", "true");
            p.put("callout.twilio.watch.delay", "PT1S");
            p.put("callout.broker.embedded", "false");
            p.put("callout.jms.enabled", "false");
            p.put("callout.files.enabled", "false");
            p.put("callout.mqtt.enabled", String.valueOf(mqtt));
            p.put("callout.mqtt.url", MOSQUITTO);
            p.put("callout.mqtt.topic", mqttTopic);
            p.put("callout.mqtt.client-id", clientId());
            p.put("callout.heartbeats.mqtt-topic", mqttTopic + "-beats/+");
            p.putAll(extra);
            this.process = new CalloutProcess(data, p)
                    // C1 only and the serial collector: a restart costs a third of the CPU (2 cores, 3 instances)
                    .jvmOptions("-Xmx320m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                    // a start on a machine other builds keep busy took 100 s
                    .startLimit(Duration.ofSeconds(240));
        }

        public String clientId() {
            return mqttTopic.replace('/', '-') + "-" + id;
        }

        /** Launches the process and waits until it is ready (/observe/health/ready). */
        public void start() throws Exception {
            startedAt = Instant.now();
            process.start(port, "/observe/health/ready");
            up = true;
        }

        /** kill -9 at once; the run ends now. */
        public Instant kill() throws InterruptedException {
            up = false;
            Instant at = Instant.now();
            process.kill();
            runs.add(new Run(process.log(), startedAt, at, "kill -9"));
            return at;
        }

        /** SIGTERM and wait for the exit; the run ends when the process has exited. */
        public Duration terminate() throws InterruptedException {
            up = false;
            long t0 = System.nanoTime();
            process.terminate(Duration.ofSeconds(40));
            runs.add(new Run(process.log(), startedAt, Instant.now(), "SIGTERM"));
            return Duration.ofNanos(System.nanoTime() - t0);
        }

        void closeRun() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }

    public CalloutCluster(int instances, Duration lease, Duration delay, Map<String, String> extra) throws Exception {
        this.schema = PostgresSchema.create("the multi-instance test");
        this.lease = lease;
        this.delay = delay;
        this.dir = Files.createTempDirectory("callout-cluster");
        this.mqtt = ExternalService.Service.MOSQUITTO.up();
        this.mqttTopic = "callout-chaos/" + schema.name + "/alarms";
        this.sandboxPort = CalloutProcess.freePort();
        this.twilio = new CalloutApp(Map.of()).at(sandboxPort);
        for (int i = 1; i <= instances; i++) {
            nodes.add(new Node(i, extra));
        }
    }

    /** The sandbox process, then every instance (in parallel: their Flyway lock lets them start together). */
    public void start() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dcamel.server.port=" + sandboxPort,
                "-Dcallout.sandbox.webhook-url=http://localhost:" + nodes.get(0).port,
                "-cp", System.getProperty("java.class.path"), "sandbox.SandboxMain");
        sandbox = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sandbox.log").toFile()).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!sandbox.isAlive()) {
                            throw new IllegalStateException("the sandbox exited with " + sandbox.exitValue());
                        }
                        return twilioStatus() == 200;
                    });
        } catch (RuntimeException e) {
            throw new IllegalStateException("the sandbox did not start: " + Files.readString(dir.resolve("sandbox.log")));
        }
        // the first alone (it migrates the schema), the others together
        nodes.get(0).start();
        ExecutorService starts = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Node n : nodes.subList(1, nodes.size())) {
                started.add(starts.submit(() -> {
                    n.start();
                    return null;
                }));
            }
            for (Future<?> f : started) {
                f.get();
            }
        } finally {
            starts.shutdown();
        }
    }

    private int twilioStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + "/observe/health"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    public List<Node> up() {
        return nodes.stream().filter(n -> n.up).toList();
    }

    /** Three users on their own sandbox numbers and a roster "chaos" of them, one step each (SMS). */
    public List<String> roster(String name) {
        List<Long> users = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String number = Roster.number();
            numbers.add(number);
            users.add(Roster.user(nodes.get(0).client, name + "-user-" + i, number, "1234"));
        }
        Roster.roster(nodes.get(0).client, name, users, List.of("sms"));
        return numbers;
    }

    /**
     * POSTs one alarm to a live instance, trying others (the same eventId) every 100 ms when it cannot answer, six
     * tries at most; 0 when none answered.
     */
    public int postAlarm(java.util.Random random, Map<String, Object> alarm) {
        String body;
        try {
            body = JSON.writeValueAsString(alarm);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger();
        org.awaitility.Awaitility.await().pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(90)).until(() -> {
                    int answered = tryPost(random, body);
                    status.set(answered);
                    return answered != 0 || tries.incrementAndGet() >= 6;
                });
        return status.get();
    }

    /** One try: the status of a live instance's answer below 500, else 0. */
    private int tryPost(java.util.Random random, String body) {
        List<Node> live = up();
        if (!live.isEmpty()) {
            Node n = live.get(random.nextInt(live.size()));
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(n.client.url("/api/alarms")))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + CalloutApp.TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() < 500) {
                    return r.statusCode();
                }
            } catch (IOException e) {
                // killed or stopping: another instance
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    /** The machine's load averages (1/5/15 min), to judge timing figures by. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Above this 1-minute load average per core, timing figures measure the machine, not Callout. */
    public static final double BUSY_LOAD_PER_CORE = 8;

    /**
     * Whether the 1-minute load averages (as {@link #loadAverage} gives them) stayed at or below
     * {@link #BUSY_LOAD_PER_CORE} per core: on this shared 2-core machine the lateness tests passed at load 6-16 and
     * measured only CPU starvation at 25-40 (the storm itself ran 2-3x slower than planned, rows as late as sends).
     */
    public static boolean timingMeaningful(String... loads) {
        int cores = Runtime.getRuntime().availableProcessors();
        for (String load : loads) {
            try {
                if (Double.parseDouble(load.split(" ")[0]) > BUSY_LOAD_PER_CORE * cores) {
                    return false;
                }
            } catch (NumberFormatException e) {
                // unknown: judge by the others
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ what happened

    public Connection db() throws SQLException {
        return DriverManager.getConnection(schema.url(), "postgres", "");
    }

    public long count(String sql) throws SQLException {
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Escalations still running, or notifications not yet handed to Twilio (no SID). */
    public long unfinished() throws SQLException {
        return count("SELECT (SELECT COUNT(*) FROM escalations WHERE state = 'running') "
                + "+ (SELECT COUNT(*) FROM notifications WHERE twilio_sid IS NULL)");
    }

    public record Row(long id, long alarmId, int round, int step, long userId, String channel, String sid,
                      String status, Instant created, String owner) {
        String key() {
            return alarmId + "/" + round + "/" + step + "/" + userId + "/" + channel;
        }
    }

    public record Create(String sid, String kind, String to, Instant at) {
    }

    public List<Row> notifications() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery("SELECT id, alarm_id, round_no, "
                + "step, user_id, channel, twilio_sid, status, created_at, owner FROM notifications ORDER BY id")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class).toInstant(), rs.getString(10)));
            }
        }
        return rows;
    }

    /** Alarms whose source starts with {@code prefix}: source -> how many; and alarm id -> when it was received. */
    public Map<String, Integer> sources(String prefix, Map<Long, Instant> receivedAt) throws SQLException {
        Map<String, Integer> bySource = new HashMap<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id, source, received_at FROM alarms")) {
            while (rs.next()) {
                if (!rs.getString(2).startsWith(prefix)) {
                    continue;
                }
                bySource.merge(rs.getString(2), 1, Integer::sum);
                receivedAt.put(rs.getLong(1), rs.getObject(3, OffsetDateTime.class).toInstant());
            }
        }
        return bySource;
    }

    /** Every create request (message or call) the sandbox received, oldest first. */
    public List<Create> creates() {
        JsonNode log = twilio.send("GET", "/sandbox/requests", null, Map.of()).json();
        List<Create> out = new ArrayList<>();
        for (JsonNode e : log) {
            long micros = e.get("receivedAtMicros").asLong();
            out.add(new Create(e.get("sid").asText(), e.get("kind").asText(), e.path("to").asText(),
                    Instant.EPOCH.plusNanos(micros * 1000)));
        }
        return out;
    }

    /**
     * Waits until every escalation has ended and every notification has its SID, and the sandbox's request log has
     * not grown for two seconds (a late copy would show). False when that did not happen in {@code limit}.
     */
    public boolean awaitQuiet(Duration limit) throws Exception {
        java.util.concurrent.atomic.AtomicInteger lastCreates = new java.util.concurrent.atomic.AtomicInteger(-1);
        java.util.concurrent.atomic.AtomicReference<Instant> stableSince =
                new java.util.concurrent.atomic.AtomicReference<>(Instant.now());
        try {
            org.awaitility.Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(() -> {
                int creates = creates().size();
                if (lastCreates.getAndSet(creates) != creates) {
                    stableSince.set(Instant.now());
                }
                return unfinished() == 0 && Duration.between(stableSince.get(), Instant.now()).toMillis() >= 2000;
            });
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ singleton work, from the runs' logs

    private static final Pattern LEADS = Pattern.compile(
            "^(\\S+) .*Instance (\\S+) (leads|no longer leads) (\\S+)$");
    private static final Pattern WATCH_EVENT = Pattern.compile("twilio-events - (\\S+) (\\S+)$");

    /** A span in which one run led a singleton namespace. */
    public record Leadership(String instance, Path log, Instant from, Instant to) {
    }

    /** Spans of leadership of {@code namespace} per run: from "leads" to "no longer leads" or the run's end. */
    public List<Leadership> leadership(String namespace) throws IOException {
        List<Leadership> spans = new ArrayList<>();
        for (Node n : nodes) {
            for (Run run : runs(n)) {
                Instant from = null;
                for (String line : Files.readAllLines(run.log())) {
                    Matcher m = LEADS.matcher(line);
                    if (!m.find() || !m.group(4).equals(namespace)) {
                        continue;
                    }
                    Instant at = OffsetDateTime.parse(m.group(1)).toInstant();
                    if (m.group(3).equals("leads")) {
                        from = at;
                    } else if (from != null) {
                        spans.add(new Leadership(n.id, run.log(), from, at));
                        from = null;
                    }
                }
                if (from != null) {
                    spans.add(new Leadership(n.id, run.log(), from, run.ended() == null ? Instant.now() : run.ended()));
                }
            }
        }
        spans.sort(java.util.Comparator.comparing(Leadership::from));
        return spans;
    }

    /** Every run so far, the current one last (ended null). */
    private List<Run> runs(Node n) {
        List<Run> all = new ArrayList<>(n.runs);
        if (n.process.isAlive() && all.stream().noneMatch(r -> r.log().equals(n.process.log()))) {
            all.add(new Run(n.process.log(), n.startedAt, null, "running"));
        }
        return all;
    }

    /** The longest time two runs both led (0 when never), in milliseconds. */
    public static long maxOverlapMillis(List<Leadership> spans) {
        long max = 0;
        for (int i = 0; i < spans.size(); i++) {
            for (int j = i + 1; j < spans.size(); j++) {
                Leadership a = spans.get(i);
                Leadership b = spans.get(j);
                Instant from = a.from().isAfter(b.from()) ? a.from() : b.from();
                Instant to = a.to().isBefore(b.to()) ? a.to() : b.to();
                if (to.isAfter(from)) {
                    max = Math.max(max, Duration.between(from, to).toMillis());
                }
            }
        }
        return max;
    }

    /** Twilio watch events (type SID) logged by all runs: SID -> how many times. */
    public Map<String, Integer> watchEvents() throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        for (Node n : nodes) {
            for (Run run : runs(n)) {
                for (String line : Files.readAllLines(run.log())) {
                    Matcher m = WATCH_EVENT.matcher(line);
                    if (m.find()) {
                        seen.merge(m.group(2), 1, Integer::sum);
                    }
                }
            }
        }
        return seen;
    }

    // ------------------------------------------------------------------ the figures

    /** What the run shows: exactly-once counts and lateness, computed from rows, the sandbox and the alarms. */
    public static final class Figures {
        public int alarmsStored;
        public int sourcesStoredTwice;
        public int acceptedNotStored;
        public int notifications;
        public int expectedSteps;
        public int stepsMissing;
        public int rowDoubles;
        public int rowsWithoutSid;
        public int creates;
        public int createDoubles;
        public int createsMissing;
        public int sidsOnTwoRows;
        public double maxRowLateMs;
        public double p99RowLateMs;
        public double maxCreateLateMs;
        public double p99CreateLateMs;
        /** From a step's row to its Twilio create: the hand-over of a dead instance's work shows here. */
        public double maxSendLagMs;
        public double p99SendLagMs;
        public int createsLaterThan;
        public String worst = "";
        public List<String> problems = new ArrayList<>();

        @Override
        public String toString() {
            return String.format("alarms stored %d (sources stored twice %d, accepted but not stored %d); "
                            + "notification rows %d of %d steps expected (missing %d, same step twice %d, never "
                            + "handed to Twilio %d); Twilio creates %d (doubles %d, rows without a create %d, SID on "
                            + "two rows %d); lateness beyond due: rows max %.0f ms p99 %.0f ms, Twilio creates max "
                            + "%.0f ms p99 %.0f ms; row to Twilio create: max %.0f ms p99 %.0f ms%s",
                    alarmsStored, sourcesStoredTwice, acceptedNotStored, notifications, expectedSteps, stepsMissing,
                    rowDoubles, rowsWithoutSid, creates, createDoubles, createsMissing, sidsOnTwoRows, maxRowLateMs,
                    p99RowLateMs, maxCreateLateMs, p99CreateLateMs, maxSendLagMs, p99SendLagMs, worst.isEmpty() ? "" : " (worst: " + worst + ")");
        }
    }

    /**
     * Checks every stored alarm of {@code sourcePrefix}: each accepted source stored once, each of its {@code steps}
     * steps a notification row (one round), each row's SID created once at the sandbox, no create without a row.
     * Lateness of a step = when it happened - when it was due (the previous step's row + delay; the alarm's
     * arrival for the first step); {@code createsLaterThan} counts Twilio creates later than {@code bound}.
     */
    public Figures figures(String sourcePrefix, Set<String> accepted, int steps, Set<String> numbers, Duration bound)
            throws Exception {
        Figures f = new Figures();
        Map<Long, Instant> receivedAt = new HashMap<>();
        Map<String, Integer> bySource = sources(sourcePrefix, receivedAt);
        f.alarmsStored = bySource.values().stream().mapToInt(Integer::intValue).sum();
        f.sourcesStoredTwice = (int) bySource.values().stream().filter(c -> c > 1).count();
        f.acceptedNotStored = (int) accepted.stream().filter(s -> !bySource.containsKey(s)).count();
        bySource.forEach((s, c) -> {
            if (c > 1) {
                f.problems.add("source " + s + " stored " + c + " times");
            }
        });
        List<Row> rows = notifications().stream().filter(r -> receivedAt.containsKey(r.alarmId())).toList();
        f.notifications = rows.size();
        f.expectedSteps = receivedAt.size() * steps;
        Map<String, List<Row>> byKey = rows.stream().collect(Collectors.groupingBy(Row::key));
        f.rowDoubles = (int) byKey.values().stream().filter(l -> l.size() > 1).count();
        Map<String, Row> byStep = new HashMap<>();
        for (Row r : rows) {
            byStep.put(r.alarmId() + "/" + r.round() + "/" + r.step(), r);
        }
        for (long alarm : receivedAt.keySet()) {
            for (int s = 0; s < steps; s++) {
                if (!byStep.containsKey(alarm + "/1/" + s)) {
                    f.stepsMissing++;
                    f.problems.add("alarm " + alarm + " step " + (s + 1) + " never notified");
                }
            }
        }
        List<Create> creates = creates().stream().filter(c -> numbers.contains(c.to())).toList();
        f.creates = creates.size();
        Map<String, List<Create>> createsBySid = creates.stream().collect(Collectors.groupingBy(Create::sid));
        Map<String, List<Row>> rowsBySid = rows.stream().filter(r -> r.sid() != null)
                .collect(Collectors.groupingBy(Row::sid));
        f.rowsWithoutSid = (int) rows.stream().filter(r -> r.sid() == null).count();
        f.sidsOnTwoRows = (int) rowsBySid.values().stream().filter(l -> l.size() > 1).count();
        for (Create c : creates) {
            if (!rowsBySid.containsKey(c.sid())) {
                f.createDoubles++;
                f.problems.add("Twilio create " + c.sid() + " to " + c.to() + " at " + c.at() + " is no row's");
            }
        }
        for (Row r : rows) {
            if (r.sid() != null && !createsBySid.containsKey(r.sid())) {
                f.createsMissing++;
                f.problems.add("row " + r.id() + " has SID " + r.sid() + " the sandbox never created");
            }
        }
        List<Double> rowLate = new ArrayList<>();
        List<Double> createLate = new ArrayList<>();
        List<Double> sendLag = new ArrayList<>();
        for (Row r : rows) {
            Instant due;
            if (r.step() == 0) {
                due = receivedAt.get(r.alarmId());
            } else {
                Row previous = byStep.get(r.alarmId() + "/" + r.round() + "/" + (r.step() - 1));
                if (previous == null) {
                    continue;
                }
                due = previous.created().plus(delay);
            }
            if (due == null) {
                continue;
            }
            rowLate.add(Duration.between(due, r.created()).toNanos() / 1e6);
            List<Create> c = r.sid() == null ? null : createsBySid.get(r.sid());
            if (c != null) {
                double late = Duration.between(due, c.get(0).at()).toNanos() / 1e6;
                sendLag.add(Duration.between(r.created(), c.get(0).at()).toNanos() / 1e6);
                createLate.add(late);
                if (late > f.maxCreateLateMs) {
                    f.worst = "alarm " + r.alarmId() + " step " + (r.step() + 1) + " created at the sandbox "
                            + Math.round(late) + " ms after due (row " + Math.round(
                            Duration.between(due, r.created()).toNanos() / 1e6) + " ms)";
                }
                if (bound != null && late > bound.toMillis()) {
                    f.createsLaterThan++;
                    f.problems.add("alarm " + r.alarmId() + " step " + (r.step() + 1) + " reached Twilio "
                            + Math.round(late) + " ms after it was due");
                }
                f.maxCreateLateMs = Math.max(f.maxCreateLateMs, late);
            }
        }
        f.maxRowLateMs = rowLate.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        f.p99RowLateMs = percentile(rowLate, 0.99);
        f.p99CreateLateMs = percentile(createLate, 0.99);
        f.maxSendLagMs = sendLag.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        f.p99SendLagMs = percentile(sendLag, 0.99);
        return f;
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    @Override
    public void close() throws Exception {
        for (Node n : nodes) {
            try {
                n.closeRun();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        if (sandbox != null) {
            sandbox.destroyForcibly().waitFor();
        }
        if (mqtt) {
            for (Node n : nodes) {
                for (String id : List.of(n.clientId(), n.clientId() + "-heartbeats")) {
                    try {
                        dropSession(id);
                    } catch (Exception e) {
                        // a session left behind expires with the broker's settings
                    }
                }
            }
        }
        schema.close();
    }

    private static void dropSession(String clientId) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient client = new org.eclipse.paho.mqttv5.client.MqttClient(MOSQUITTO,
                clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        try {
            org.eclipse.paho.mqttv5.client.MqttConnectionOptions options =
                    new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
            options.setCleanStart(true);
            options.setSessionExpiryInterval(0L);
            client.connect(options);
            client.disconnect();
        } finally {
            client.close();
        }
    }
}
