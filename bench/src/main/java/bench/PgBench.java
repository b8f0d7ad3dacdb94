package bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Issues #19 and #17 on one machine: sustained notifications/s of Callout on H2 (one instance), on PostgreSQL (one
 * instance) and on PostgreSQL with two instances (separate JVMs on one schema), all against one standalone sandbox
 * ({@code bin/callout-sandbox}) and the same load generator; and the 10,000-alarm storm with storm control on (the
 * product's bundle window and rate limits) to a 3-person roster on PostgreSQL. Prints tables (markdown) and writes
 * them to {@code bench/target/pg-<millis>.md}.
 */
public final class PgBench {

    private static final String TOKEN = "bench-token";
    private static final String ACCOUNT = "AC00000000000000000000000000000000";
    private static final String AUTH_TOKEN = "sandbox-auth-token";
    private static final String FROM = "+15005550006";
    private static final String PG_URL = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = System.getProperty("bench.pg.user", "postgres");
    private static final MultiMap JSON_HEADERS = MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/json").add("Authorization", "Bearer " + TOKEN);
    private static final String APP_PREFIX = "callout-bench-";
    private static final Pattern LEVEL = Pattern.compile("Level (\\d+)\\b");

    private final Path root;
    private final Path runDir;
    private final List<String> calloutJvm;
    private final StringBuilder md = new StringBuilder();
    private final List<Proc> running = new ArrayList<>();
    private Proc sandbox;
    private Api sandboxApi;
    private int stormPort;

    private PgBench(Path root, List<String> calloutJvm) throws IOException {
        this.root = root;
        this.runDir = root.resolve("bench/target/pg-" + System.currentTimeMillis());
        this.calloutJvm = calloutJvm;
        Files.createDirectories(runDir);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        String opts = System.getProperty("bench.callout.jvm", "").trim();
        PgBench b = new PgBench(root, opts.isEmpty() ? List.of() : List.of(opts.split("\\s+")));
        int code = 0;
        try {
            b.run();
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        } finally {
            b.stopAll();
        }
        System.exit(code);
    }

    private void run() throws Exception {
        List<String> configs = List.of(System.getProperty("bench.pg.configs", "h2,pg1,pg2,storm").split(","));
        md.append("## Machine\n\n");
        md.append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        md.append("- cores: ").append(Runtime.getRuntime().availableProcessors()).append(", load average at start: ")
                .append(loadavg()).append('\n');
        if (configs.stream().anyMatch(c -> c.startsWith("pg") || c.equals("storm"))) {
            try (Connection c = pg(); Statement s = c.createStatement()) {
                md.append("- PostgreSQL: ").append(one(s, "SHOW server_version")).append(" on ").append(PG_URL)
                        .append(", synchronous_commit=").append(one(s, "SHOW synchronous_commit"))
                        .append(", shared_buffers=").append(one(s, "SHOW shared_buffers")).append('\n');
            }
        }
        md.append("- Callout instances started with `bin/callout` (bin/jvm.options, CDS archive)")
                .append(calloutJvm.isEmpty() ? "" : " + `" + String.join(" ", calloutJvm) + "`")
                .append("; one standalone sandbox (`bin/callout-sandbox`) for all; embedded broker, MQTT and JMS inputs"
                        + " off; the load generator, the sandbox, PostgreSQL and the instances share the machine\n\n");
        startSandbox();
        List<ConfigResult> results = new ArrayList<>();
        for (String c : configs) {
            Matcher pg = Pattern.compile("pg(\\d)(?:w(\\d))?").matcher(c.trim());
            if (c.trim().equals("h2")) {
                results.add(throughput("H2, 1 instance", "h2", 1, 1));
            } else if (pg.matches()) {
                int n = Integer.parseInt(pg.group(1));
                int w = pg.group(2) == null ? 1 : Integer.parseInt(pg.group(2));
                results.add(throughput("PostgreSQL, " + n + (n == 1 ? " instance" : " instances")
                        + (w == 1 ? "" : ", " + w + " writers (callout.db.writers)"), c.trim(), n, w));
            } else if (c.trim().equals("storm")) {
                storm();
            } else {
                throw new IllegalArgumentException("unknown configuration " + c + " (h2, pgN, pgNwM, storm)");
            }
        }
        if (!results.isEmpty()) {
            summary(results);
        }
        Path out = runDir.resolve("pg-bench.md");
        Files.writeString(out, md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("written " + out);
    }

    // --- processes ---------------------------------------------------------------------------------

    private void startSandbox() throws Exception {
        int port = Proc.freePort();
        stormPort = Proc.freePort();
        sandbox = Proc.start(List.of(root.resolve("bin/callout-sandbox").toString(),
                "-Dcamel.server.port=" + port,
                // the phones text the storm scenario's instance (ALL <PIN>); the throughput runs get no inbound texts
                "-Dcallout.sandbox.webhook-url=http://127.0.0.1:" + stormPort), runDir,
                runDir.resolve("sandbox.log"));
        running.add(sandbox);
        sandboxApi = new Api("http://127.0.0.1:" + port, TOKEN);
        awaitHealthy(sandbox, sandboxApi, "sandbox");
        log("sandbox pid %d on port %d", sandbox.pid(), port);
        sandboxUrl = "http://127.0.0.1:" + port;
    }

    private String sandboxUrl;

    private Proc startCallout(String name, int port, String dbUrl, Map<String, String> extra) throws Exception {
        Path dir = runDir.resolve(name);
        Files.createDirectories(dir.resolve("data"));
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("bin/callout").toString());
        cmd.addAll(calloutJvm);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.server.port", Integer.toString(port));
        p.put("callout.public-url", "http://127.0.0.1:" + port);
        p.put("callout.api.token", TOKEN);
        p.put("callout.data.dir", dir.resolve("data").toString());
        p.put("callout.scripts.dir", root.resolve("bench/scripts").toString());
        p.put("callout.instance-id", name);
        p.put("callout.broker.embedded", "false");
        p.put("callout.mqtt.enabled", "false");
        p.put("callout.jms.enabled", "false");
        p.put("callout.twilio.account-sid", ACCOUNT);
        p.put("callout.twilio.auth-token", AUTH_TOKEN);
        p.put("callout.twilio.from-number", FROM);
        p.put("callout.twilio.api-url", sandboxUrl + "/sandbox/twilio");
        if (dbUrl != null) {
            // named in pg_stat_activity, so the CPU of this run's backends is told apart from other clients'
            p.put("callout.db.url", dbUrl + "&ApplicationName=" + APP_PREFIX + name);
            p.put("callout.db.user", PG_USER);
            p.put("callout.db.password", "");
        }
        p.putAll(extra);
        p.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        Proc proc = Proc.start(cmd, dir, dir.resolve("callout.log"));
        running.add(proc);
        Api api = new Api("http://127.0.0.1:" + port, TOKEN);
        double s = awaitHealthy(proc, api, name);
        log("%s pid %d healthy on port %d after %.2f s", name, proc.pid(), port, s);
        return proc;
    }

    private static double awaitHealthy(Proc proc, Api api, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (api.status("/observe/health") != 200) {
            if (!proc.process.isAlive()) {
                throw new IllegalStateException(name + " exited at start");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not healthy within 120 s");
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - proc.startedNanos) / 1e9;
    }

    private void stop(Proc p) throws InterruptedException {
        p.close();
        running.remove(p);
    }

    private void stopAll() {
        for (Proc p : new ArrayList<>(running)) {
            try {
                p.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    // --- 1. throughput: H2, PG x1, PG x2 ------------------------------------------------------------

    /** One step of a pass: what was offered, what reached the sandbox, what it cost. */
    private static final class Step {
        int pass;
        int offered;
        long count;
        long base;
        int got;
        double achieved;
        double lagS;
        int behind;
        long errors;
        boolean kept;
        double seconds;
        double[] instanceCores;
        double[] instanceMsPerNotification;
        double sandboxCores;
        double pgCores;
        double generatorCores;
        double machineCores;
        /** The machine's busy cores minus this run's processes: other people's work on the shared host. */
        double othersCores;
        String load;
        Map<String, Long> received;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        int unmatched;
    }

    private record ConfigResult(String label, int instances, List<Step> steps, Step best, String startup, Cost cost) {
    }

    /**
     * CPU time per notification at a fixed, modest rate, from the first POST until the sandbox has no status callback
     * left to send: every bit of work of each notification (intake, the Twilio create, both status callbacks), by
     * process. Unlike a rate, a CPU time hardly depends on how many other processes want the cores.
     */
    private record Cost(double rate, long count, int received, double[] instanceMs, double pgMs, double sandboxMs,
                        double generatorMs, double othersCores, String load) {
        double calloutMs() {
            return Arrays.stream(instanceMs).sum();
        }
    }

    private Cost cost(int[] ports, List<Proc> inst, String roster, String phone, String key) throws Exception {
        double rate = Double.parseDouble(System.getProperty("bench.pg.cost.rate", "200"));
        long count = Long.getLong("bench.pg.cost.count", 3000);
        String load = loadavg();
        long since = System.currentTimeMillis();
        Cpu before = Cpu.sample(inst, sandbox);
        Load.Result res;
        try (Load load0 = new Load(ports, HttpMethod.POST, JSON_HEADERS, 64)) {
            res = load0.fixedRate(rate, count, alarms(key, "Cost", 0, roster), null, 120);
        }
        int got = awaitSandbox(since, phone, count, 60).size();
        awaitSandboxIdle("cost");
        Cpu after = Cpu.sample(inst, sandbox);
        double wall = (after.nanos - before.nanos) / 1e9;
        double[] ims = new double[inst.size()];
        double ours = 0;
        for (int k = 0; k < ims.length; k++) {
            ims[k] = (after.instances[k] - before.instances[k]) / (double) count;
            ours += after.instances[k] - before.instances[k];
        }
        double pgMs = Cpu.pgDelta(before.pg, after.pg) / (double) count;
        double sbMs = (after.sandbox - before.sandbox) / (double) count;
        double genMs = (after.self - before.self) / (double) count;
        ours += (pgMs + sbMs + genMs) * count;
        double others = Math.max(0, (after.machineBusy - before.machineBusy) - ours) / 1000.0 / wall;
        Cost c = new Cost(rate, count, got, ims, pgMs, sbMs, genMs, others, load);
        log("   cost: %d alarms at %.0f/s (POST %s), %d reached the sandbox; CPU ms per notification: instances %s,"
                        + " PostgreSQL %.2f, sandbox %.2f, generator %.2f; other processes %.2f cores; load %s", count, rate,
                describe(res), got, ms(ims), pgMs, sbMs, genMs, others, load);
        return c;
    }

    private ConfigResult throughput(String label, String key, int n, int writers) throws Exception {
        log("=== %s", label);
        String load0 = loadavg();
        String schema = null;
        String dbUrl = null;
        if (key.startsWith("pg")) {
            schema = "callout_bench_" + key + "_" + System.currentTimeMillis();
            try (Connection c = pg(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            dbUrl = PG_URL + "?currentSchema=" + schema;
        }
        Map<String, String> extra = new LinkedHashMap<>(Map.of(
                // nobody acknowledges in a benchmark: escalation after the run would only add noise
                "callout.escalation.delay", "PT1H",
                // the engine's raw throughput, as bench/run.sh: storm control would hold most alarms to one phone
                "callout.bundle.window", "PT0S", "callout.limits.sms", "none", "callout.limits.voice", "none"));
        if (writers != 1) {
            extra.put("callout.db.writers", Integer.toString(writers));
        }
        List<Proc> inst = new ArrayList<>();
        int[] ports = new int[n];
        String phone = nextPhone();
        List<String> startups = new ArrayList<>();
        try {
            for (int k = 0; k < n; k++) {
                ports[k] = Proc.freePort();
                long t0 = System.nanoTime();
                inst.add(startCallout(key + "-" + (k + 1), ports[k], dbUrl, extra));
                startups.add(fmt("%.1f s", (System.nanoTime() - t0) / 1e9));
                if (k == 0) {
                    // set up on the first instance before the second starts (it reads the roster from the database)
                    Api api = new Api("http://127.0.0.1:" + ports[0], TOKEN);
                    long uid = api.post("/api/users", Map.of("username", "bench-" + key, "sms", phone, "phone", phone,
                            "pin", "4321")).path("id").asLong();
                    api.post("/api/rosters", Map.of("name", "bench-" + key, "members", List.of(uid),
                            "channels", List.of("sms")));
                }
            }
            String roster = "bench-" + key;
            // warm-up, not measured: a fresh JVM runs the alarm path interpreted until C2 has compiled it
            int warm = Integer.getInteger("bench.pg.warmup", 15000) * n;
            double warmRate = Double.parseDouble(System.getProperty("bench.pg.warmup-rate", "500")) * n;
            if (warm > 0) {
                long since = System.currentTimeMillis();
                log("warm-up: %d alarms at %.0f/s over %d instance(s)", warm, warmRate, n);
                try (Load load = new Load(ports, HttpMethod.POST, JSON_HEADERS, 32)) {
                    Load.Result w = load.fixedRate(warmRate, warm, alarms(key, "Warm", 0, roster), null, 180);
                    log("   warm-up POST %s", describe(w));
                }
                log("   warm-up: %d of %d reached the sandbox", awaitSandbox(since, phone, warm, 90).size(), warm);
                awaitSandboxIdle("warm-up");
            }
            Cost cost = Long.getLong("bench.pg.cost.count", 3000) > 0 ? cost(ports, inst, roster, phone, key) : null;
            double seconds = Double.parseDouble(System.getProperty("bench.pg.seconds", "5"));
            int[] steps = Arrays.stream(System.getProperty("bench.pg.steps",
                    "250,500,750,1000,1250,1500,1750,2000,2500").split(","))
                    .mapToInt(v -> Integer.parseInt(v.trim())).toArray();
            int passes = Integer.getInteger("bench.pg.passes", 2);
            int maxCount = Arrays.stream(steps).map(r -> (int) (r * seconds)).sum() * passes;
            AtomicLongArray intended = new AtomicLongArray(maxCount);
            long[] next = {0};
            List<Step> all = new ArrayList<>();
            for (int pass = 1; pass <= passes; pass++) {
                log("%s: pass %d of %d", label, pass, passes);
                for (int r : steps) {
                    Step s = step(pass, r, seconds, ports, inst, roster, phone, next, intended, key);
                    all.add(s);
                    if (!s.kept) {
                        break;
                    }
                }
                awaitSandboxIdle("pass " + pass);
            }
            latencies(phone, all, intended);
            Step best = null;
            for (Step s : all) {
                if (s.kept && (best == null || s.offered > best.offered
                        || (s.offered == best.offered && s.p99 < best.p99))) {
                    best = s;
                }
            }
            log("%s: load average at start %s, at the end %s", label, load0, loadavg());
            return new ConfigResult(label, n, all, best, String.join(", ", startups), cost);
        } finally {
            for (Proc p : inst) {
                stop(p);
            }
            if (schema != null) {
                try (Connection c = pg(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                } catch (SQLException e) {
                    log("could not drop schema %s: %s", schema, e);
                }
            }
        }
    }

    private Step step(int pass, int r, double seconds, int[] ports, List<Proc> inst, String roster, String phone,
                      long[] next, AtomicLongArray intended, String key) throws Exception {
        Step s = new Step();
        s.pass = pass;
        s.offered = r;
        s.count = (long) (r * seconds);
        s.base = next[0];
        next[0] += s.count;
        s.load = loadavg();
        long stepSince = System.currentTimeMillis();
        long wallMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long nanoBase = System.nanoTime();
        Cpu before = Cpu.sample(inst, sandbox);
        Load.Result res;
        try (Load load = new Load(ports, HttpMethod.POST, JSON_HEADERS, 64)) {
            res = load.fixedRate(r, s.count, alarms(key, "Level", s.base, roster), (i, t, status, b) ->
                    intended.set((int) (s.base + i), wallMicros + (t - nanoBase) / 1000), 60);
        }
        Map<String, Long> got = awaitSandbox(stepSince, phone, s.count, 3);
        Cpu after = Cpu.sample(inst, sandbox);
        s.received = got;
        s.got = got.size();
        long first = got.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long last = got.values().stream().mapToLong(Long::longValue).max().orElse(0);
        s.achieved = got.size() > 1 ? (got.size() - 1) / ((last - first) / 1e6) : 0;
        s.lagS = (last / 1000.0 - stepSince) / 1000.0 - seconds;
        s.behind = sandboxPending();
        s.errors = res.errors() + Math.max(0, s.count - got.size());
        s.kept = got.size() >= s.count && res.errors() == 0 && s.lagS < 1.0 && s.behind <= r
                && s.achieved >= 0.99 * r;
        double wall = (after.nanos - before.nanos) / 1e9;
        s.seconds = wall;
        s.instanceCores = new double[inst.size()];
        s.instanceMsPerNotification = new double[inst.size()];
        for (int k = 0; k < inst.size(); k++) {
            double ms = after.instances[k] - before.instances[k];
            s.instanceCores[k] = ms / 1000.0 / wall;
            s.instanceMsPerNotification[k] = ms / (s.count / (double) inst.size());
        }
        s.sandboxCores = (after.sandbox - before.sandbox) / 1000.0 / wall;
        s.pgCores = Cpu.pgDelta(before.pg, after.pg) / 1000.0 / wall;
        s.generatorCores = (after.self - before.self) / 1000.0 / wall;
        s.machineCores = (after.machineBusy - before.machineBusy) / 1000.0 / wall;
        s.othersCores = Math.max(0, s.machineCores - Arrays.stream(s.instanceCores).sum() - s.sandboxCores
                - s.pgCores - s.generatorCores);
        log("   %d/s x %.0f s (pass %d): POST %s; sandbox got %d of %d at %.0f/s, last %.2f s after, %d callbacks to"
                        + " come; cores: instances %s, sandbox %.2f, PostgreSQL %.2f, generator %.2f, machine %.2f;"
                        + " load %s%s", r, seconds, pass, describe(res), got.size(), s.count, s.achieved, s.lagS,
                s.behind, cores(s.instanceCores), s.sandboxCores, s.pgCores, s.generatorCores, s.machineCores, s.load
                        + ", others " + fmt("%.2f", s.othersCores),
                s.kept ? "" : "  -> falls behind");
        return s;
    }

    /** Intake (intended send time of the POST) to the sandbox receiving the Twilio create, per step. */
    private void latencies(String phone, List<Step> steps, AtomicLongArray intended) throws Exception {
        Map<String, Integer> bySid = new HashMap<>();
        JsonNode p = Api.JSON.readTree(sandboxApi.text("/sandbox/phones/" + enc(phone)));
        for (JsonNode m : p.path("messages")) {
            Matcher mm = LEVEL.matcher(m.path("body").asText());
            if (mm.find()) {
                bySid.put(m.path("sid").asText(), Integer.parseInt(mm.group(1)));
            }
        }
        for (Step s : steps) {
            Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
            for (Map.Entry<String, Long> e : s.received.entrySet()) {
                Integer idx = bySid.get(e.getKey());
                if (idx == null || idx < s.base || idx >= s.base + s.count || intended.get(idx) == 0) {
                    s.unmatched++;
                    continue;
                }
                h.recordValue(Math.min(h.getHighestTrackableValue(), Math.max(0, e.getValue() - intended.get(idx))));
            }
            if (h.getTotalCount() > 0) {
                s.p50 = h.getValueAtPercentile(50) / 1000.0;
                s.p99 = h.getValueAtPercentile(99) / 1000.0;
            }
            s.received = null;
        }
    }

    private void summary(List<ConfigResult> results) {
        md.append("## Sustained notifications/s (issue #19)\n\n");
        md.append("Best step that kept pace (all notifications at the sandbox within 1 s of the step's end, >= 99 % of"
                + " the offered rate, status callbacks <= 0.5 s behind, no error), best of the passes; CPU in cores"
                + " (CPU seconds per second of the step) of the 2 this machine has.\n\n");
        md.append("| configuration | alarms/s offered | notifications/s sustained (at the sandbox) | intake -> Twilio"
                + " p50 / p99 | CPU per instance (cores; ms per notification) | sandbox | PostgreSQL | load generator"
                + " | machine (all processes) | others (not this run) | errors | load average |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        Map<String, Step> bests = new LinkedHashMap<>();
        for (ConfigResult c : results) {
            Step b = c.best();
            bests.put(c.label(), b);
            if (b == null) {
                md.append("| ").append(c.label()).append(" | none kept pace |  |  |  |  |  |  |  |  |  |  |\n");
                continue;
            }
            md.append(row(c.label(), b));
        }
        md.append("\nEvery step (the first that fell behind ends a pass):\n\n");
        md.append("| configuration | pass | offered /s | reached /s | kept | p50 / p99 ms | instances (cores) | ms CPU per"
                + " notification per instance | sandbox | PostgreSQL | generator | machine | others | errors | load |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (ConfigResult c : results) {
            for (Step s : c.steps()) {
                md.append(fmt("| %s | %d | %d | %.0f | %s | %.1f / %.1f | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d"
                                + " | %s |%n", c.label(), s.pass, s.offered, s.achieved, s.kept ? "yes" : "no", s.p50,
                        s.p99, cores(s.instanceCores), ms(s.instanceMsPerNotification), s.sandboxCores, s.pgCores,
                        s.generatorCores, s.machineCores, s.othersCores, s.errors, s.load));
            }
        }
        md.append("\nStart-up to healthy: ");
        md.append(results.stream().map(c -> c.label() + " " + c.startup()).collect(Collectors.joining("; ")));
        md.append("\n\n");
        if (results.stream().anyMatch(c -> c.cost() != null)) {
            md.append("CPU per notification (ms of CPU time from the first POST of a fixed-rate run until the sandbox had"
                    + " no status callback left: intake, Twilio create, both status callbacks), and what it allows. The"
                    + " ceilings divide 2,000 ms (2 cores for a second) by CPU per notification: an estimate that assumes"
                    + " the work spreads over both cores and nothing else waits, not a measurement.\n\n");
            md.append("| configuration | rate, alarms | reached the sandbox | Callout (each instance) | PostgreSQL |"
                    + " sandbox | load generator | Callout + PostgreSQL | ceiling on these 2 cores, Callout + PostgreSQL"
                    + " alone | ceiling with each instance on its own 2-core host | other processes (cores) | load |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (ConfigResult c : results) {
                Cost k = c.cost();
                if (k == null) {
                    continue;
                }
                double core = k.calloutMs() + k.pgMs();
                double perHost = c.instances() * 2000 / (k.calloutMs());
                md.append(fmt("| %s | %.0f/s, %d | %d | %.2f (%s) | %.2f | %.2f | %.2f | %.2f | %.0f/s | %.0f/s%s |"
                                + " %.2f | %s |%n", c.label(), k.rate(), k.count(), k.received(), k.calloutMs(),
                        ms(k.instanceMs()), k.pgMs(), k.sandboxMs(), k.generatorMs(), core, 2000 / core, perHost,
                        k.pgMs() > 0 ? fmt(" (PostgreSQL alone on 2 cores: %.0f/s)", 2000 / k.pgMs()) : "",
                        k.othersCores(), k.load()));
            }
            md.append('\n');
        }
        Step pg1 = bests.get("PostgreSQL, 1 instance");
        Step pg1w = bests.entrySet().stream().filter(e -> e.getKey().startsWith("PostgreSQL, 1 instance, "))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (pg1 != null && pg1w != null) {
            md.append(fmt("- PostgreSQL, 1 instance with more writers: %d alarms/s against %d with one%n",
                    pg1w.offered, pg1.offered));
        }
        Step pg2 = bests.get("PostgreSQL, 2 instances");
        if (pg1 != null) {
            md.append(fmt("- PostgreSQL, 1 instance: %d alarms/s kept pace (%.0f/s measured): target >= 1,000/s %s%n",
                    pg1.offered, pg1.achieved, pg1.offered >= 1000 ? "met" : "missed"));
        }
        if (pg1 != null && pg2 != null) {
            double ratio = pg2.offered / (double) pg1.offered;
            md.append(fmt("- PostgreSQL, 2 instances / 1 instance: %.2fx (%d / %d): target >= 1.6x %s on this 2-core"
                    + " machine%n", ratio, pg2.offered, pg1.offered, ratio >= 1.6 ? "met" : "missed"));
            // what two hosts would show: each instance on a host of its own, bounded by its own CPU per notification
            double perInst = Arrays.stream(pg2.instanceMsPerNotification).average().orElse(Double.NaN);
            double pgMs = pg2.pgCores * 1000.0 / pg2.offered;
            md.append(fmt("- CPU per notification at that step: %.2f ms per instance, %.2f ms in PostgreSQL, %.2f ms"
                    + " in the sandbox; the machine was %.0f %% busy (%.2f of 2 cores). An instance alone on a 2-core host"
                    + " would be CPU-bound at about %.0f notifications/s (2,000 ms / %.2f ms), two such hosts at about"
                    + " %.0f/s, if PostgreSQL (%.0f/s at %.2f ms on 2 cores of its own) and Twilio keep up: an estimate"
                    + " from CPU time, not a measurement%n", perInst, pgMs, pg2.sandboxCores * 1000.0 / pg2.offered,
                    pg2.machineCores * 50, pg2.machineCores, 2000 / perInst, perInst, 2 * 2000 / perInst,
                    2000 / pgMs, pgMs));
        }
        md.append('\n');
    }

    private static String row(String label, Step b) {
        return fmt("| %s | %d | %.0f | %.1f / %.1f ms | %s (%s ms) | %.2f | %.2f | %.2f | %.2f of 2 | %.2f | %d | %s |%n",
                label, b.offered, b.achieved, b.p50, b.p99, cores(b.instanceCores), ms(b.instanceMsPerNotification),
                b.sandboxCores, b.pgCores, b.generatorCores, b.machineCores, b.othersCores, b.errors, b.load);
    }

    // --- 2. storm with storm control ------------------------------------------------------------------

    private void storm() throws Exception {
        int total = Integer.getInteger("bench.storm.count", 10_000);
        int conc = Integer.getInteger("bench.storm.connections", 32);
        log("=== storm: %d alarms to a 3-person roster, storm control at the product's defaults", total);
        String load0 = loadavg();
        String schema = "callout_bench_storm_" + System.currentTimeMillis();
        try (Connection c = pg(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String dbUrl = PG_URL + "?currentSchema=" + schema;
        String delay = System.getProperty("bench.storm.escalation-delay", "PT30S");
        // storm control at the product's defaults (application.properties): bundle window PT2M, SMS 5/PT15M,11/PT1H,
        // voice 3/PT15M,7/PT1H; notices on. Escalation: each person in turn after `delay`, one round
        Proc inst = startCallout("storm-1", stormPort, dbUrl, Map.of("callout.escalation.delay", delay,
                "callout.escalation.rounds", "1"));
        Api api = new Api("http://127.0.0.1:" + stormPort, TOKEN);
        try {
            List<String> phones = new ArrayList<>();
            List<Long> users = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String phone = nextPhone();
                phones.add(phone);
                users.add(api.post("/api/users", Map.of("username", "storm" + i, "sms", phone, "phone", phone,
                        "pin", "700" + i)).path("id").asLong());
                // nobody answers the calls: the storm stays unacknowledged until the ALL reply
                sandboxPut("/sandbox/phones/" + enc(phone), "{\"answer\":\"no-answer\"}");
            }
            api.post("/api/rosters", Map.of("name", "storm", "members", users, "channels", List.of("sms", "voice")));

            long t0 = System.nanoTime();
            Cpu cpu0 = Cpu.sample(List.of(inst), sandbox);
            Load.Result posted;
            try (Load load = new Load(stormPort, HttpMethod.POST, JSON_HEADERS, conc)) {
                posted = load.burst(total, conc, alarms("storm", "Level", 0, "storm"), null, 600);
            }
            double acceptS = (System.nanoTime() - t0) / 1e9;
            log("   accepted in %.2f s: %s", acceptS, describe(posted));
            // every alarm acknowledgeable by ALL <PIN> from the first person: it has a notification row (sent or
            // bundled) for that person (AlarmStore.notifiedActiveForUser)
            double ackableS = -1;
            double allPeopleS = -1;
            TreeMap<Double, String> timeline = new TreeMap<>();
            try (Connection c = pg(); Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger(
                        "bench.storm.timeout", 600));
                long lastLog = 0;
                while (System.nanoTime() < deadline && (ackableS < 0 || allPeopleS < 0)) {
                    long first = count(s, "SELECT count(DISTINCT alarm_id) FROM notifications WHERE user_id = "
                            + users.get(0));
                    long everyone = count(s, "SELECT count(*) FROM (SELECT alarm_id FROM notifications GROUP BY alarm_id"
                            + " HAVING count(DISTINCT user_id) = 3) x");
                    double t = (System.nanoTime() - t0) / 1e9;
                    if (ackableS < 0 && first >= total) {
                        ackableS = t;
                    }
                    if (allPeopleS < 0 && everyone >= total) {
                        allPeopleS = t;
                    }
                    if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(5)) {
                        log("   %.1f s: %d alarms with a row for person 1, %d with rows for all three", t, first,
                                everyone);
                        lastLog = System.nanoTime();
                    }
                    Thread.sleep(200);
                }
            }
            log("   every alarm acknowledgeable by person 1 after %.2f s, notified to all three after %.2f s", ackableS,
                    allPeopleS);
            // the first person's bundle ("N new alarms ..."), then ALL <PIN> from that phone
            double bundleS = -1;
            long bundleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger(
                    "bench.storm.bundle-wait", 200));
            while (bundleS < 0 && System.nanoTime() < bundleDeadline) {
                for (JsonNode m : phone(phones.get(0)).path("messages")) {
                    if (m.path("body").asText().matches("(?s)[\\d,]+ new alarms.*")) {
                        bundleS = (System.nanoTime() - t0) / 1e9;
                    }
                }
                Thread.sleep(500);
            }
            log("   first bundle SMS on person 1's phone after %.1f s", bundleS);
            List<int[]> before = perPhone(phones);
            long tAll = System.nanoTime();
            String[] reply = new String[1];
            Thread allThread = new Thread(() -> {
                try {
                    reply[0] = sandboxPost("/sandbox/phones/" + enc(phones.get(0)) + "/sms", "{\"body\":\"ALL 7000\"}");
                } catch (Exception e) {
                    reply[0] = "error: " + e;
                }
            });
            allThread.start();
            double ackedS = -1;
            try (Connection c = pg(); Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
                while (ackedS < 0 && System.nanoTime() < deadline) {
                    if (count(s, "SELECT count(*) FROM alarms WHERE state = 'acknowledged'") >= total) {
                        ackedS = (System.nanoTime() - tAll) / 1e9;
                    }
                    Thread.sleep(100);
                }
            }
            allThread.join(TimeUnit.SECONDS.toMillis(300));
            double replyS = (System.nanoTime() - tAll) / 1e9;
            log("   ALL 7000: all %d acknowledged %.2f s after the reply was sent; reply: %s", total, ackedS,
                    reply[0] == null ? "none" : reply[0].substring(0, Math.min(200, reply[0].length())));
            // the ACK notices to the other two, then quiet
            Thread.sleep(Integer.getInteger("bench.storm.settle", 15) * 1000L);
            awaitSandboxIdle("storm");
            Cpu cpu1 = Cpu.sample(List.of(inst), sandbox);
            List<int[]> after = perPhone(phones);
            List<String> notices = new ArrayList<>();
            for (int i = 1; i < 3; i++) {
                for (JsonNode m : phone(phones.get(i)).path("messages")) {
                    String b = m.path("body").asText();
                    if (b.startsWith("ACK by")) {
                        notices.add("person " + (i + 1) + ": " + b.substring(0, Math.min(60, b.length())) + "...");
                    }
                }
            }
            Map<String, Long> statuses = new TreeMap<>();
            long rows;
            long alarmsStored;
            try (Connection c = pg(); Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
                try (ResultSet rs = s.executeQuery("SELECT user_id, channel, status, count(*) FROM notifications"
                        + " GROUP BY user_id, channel, status ORDER BY 1, 2, 3")) {
                    while (rs.next()) {
                        statuses.put("person " + (users.indexOf(rs.getLong(1)) + 1) + " " + rs.getString(2) + " "
                                + rs.getString(3), rs.getLong(4));
                    }
                }
                rows = count(s, "SELECT count(*) FROM notifications");
                alarmsStored = count(s, "SELECT count(*) FROM alarms");
            }
            double cpuS = (cpu1.instances[0] - cpu0.instances[0]) / 1000.0;
            md.append("## Storm with storm control (issue #17)\n\n");
            md.append(fmt("%d alarms over HTTP (%d in flight) to a roster of 3 people (SMS and voice each, nobody answers"
                    + " the calls), one instance on PostgreSQL, storm control at the product's defaults (bundle window"
                    + " PT2M, SMS 5/PT15M,11/PT1H, voice 3/PT15M,7/PT1H, notices on); escalation to the next person after"
                    + " %s, one round. Load average at start %s, at the end %s.%n%n", total, conc, delay, load0,
                    loadavg()));
            md.append("| measure | value |\n| --- | --- |\n");
            md.append(fmt("| alarms accepted (202) / stored | %d of %d in %.2f s (%.0f alarms/s, POST p99 %.1f ms) / %d"
                    + " |%n", posted.ok(), total, acceptS, posted.ok() / acceptS, posted.p99Ms(), alarmsStored));
            md.append(fmt("| every alarm acknowledgeable by `ALL <PIN>` from person 1 (a notification row, sent or"
                    + " bundled, for that person), from the first POST | %.2f s |%n", ackableS));
            md.append(fmt("| every alarm notified (a row) to all three people | %.2f s |%n", allPeopleS));
            md.append(fmt("| person 1's first bundle SMS (`N new alarms ...`) | %.1f s |%n", bundleS));
            Matcher said = Pattern.compile("<Message>([^<]{0,60})").matcher(reply[0] == null ? "" : reply[0]);
            md.append(fmt("| `ALL 7000` from person 1's phone -> all %d acknowledged | %.2f s (the reply after %.2f s:"
                    + " \"%s...\") |%n", total, ackedS, replyS, said.find() ? said.group(1) : reply[0]));
            for (int i = 0; i < 3; i++) {
                md.append(fmt("| person %d's phone: SMS / calls received before `ALL`; at the end (the reply to `ALL` and the ACK notice count as SMS) | %d / %d;"
                        + " %d / %d |%n", i + 1, before.get(i)[0], before.get(i)[1], after.get(i)[0], after.get(i)[1]));
            }
            md.append(fmt("| ACK notices to persons 2 and 3 | %s |%n", notices.isEmpty() ? "none" : String.join("; ",
                    notices).replace("|", "/")));
            md.append(fmt("| notification rows (per person, channel, status) | %d: %s |%n", rows,
                    statuses.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", "))));
            md.append(fmt("| Callout CPU for the whole storm (accept to settled) | %.1f s (%.2f ms an alarm) |%n%n",
                    cpuS, cpuS * 1000 / total));
        } finally {
            stop(inst);
            try (Connection c = pg(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                log("could not drop schema %s: %s", schema, e);
            }
        }
    }

    /** Per phone: SMS received from Callout, calls. */
    private List<int[]> perPhone(List<String> phones) throws Exception {
        List<int[]> out = new ArrayList<>();
        for (String phone : phones) {
            JsonNode p = phone(phone);
            int sms = 0;
            for (JsonNode m : p.path("messages")) {
                if (!m.path("from").asText().equals(phone)) {
                    sms++;
                }
            }
            out.add(new int[] {sms, p.path("calls").size()});
        }
        return out;
    }

    private JsonNode phone(String phone) throws Exception {
        return Api.JSON.readTree(sandboxApi.text("/sandbox/phones/" + enc(phone)));
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private String sandboxPost(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + path)).timeout(Duration.ofSeconds(300))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void sandboxPut(String path, String json) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    // --- sandbox polling (as Bench) ------------------------------------------------------------------

    private int sandboxPending() throws Exception {
        JsonNode p = Api.JSON.readTree(sandboxApi.text("/sandbox/pending"));
        return p.path("scheduled").asInt() + p.path("running").asInt();
    }

    private void awaitSandboxIdle(String after) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
        int first = -1;
        int left;
        do {
            left = sandboxPending();
            first = first < 0 ? left : first;
            if (left > 0) {
                Thread.sleep(100);
            }
        } while (left > 0 && System.nanoTime() < deadline);
        log("   %s: %d status changes still to simulate; %s after %.1f s", after, first,
                left == 0 ? "none left" : left + " left (gave up waiting)", (System.nanoTime() - t0) / 1e9);
    }

    private Map<String, Long> awaitSandbox(long sinceMillis, String to, long expected, long timeoutSeconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Map<String, Long> got = new HashMap<>();
        long cursor = sinceMillis;
        while (true) {
            long newest = 0;
            for (JsonNode e : Api.JSON.readTree(sandboxApi.text("/sandbox/requests?since=" + cursor))) {
                long at = e.path("receivedAtMicros").asLong();
                newest = Math.max(newest, at);
                if ("message".equals(e.path("kind").asText()) && to.equals(e.path("to").asText())
                        && at >= sinceMillis * 1000) {
                    got.put(e.path("sid").asText(), at);
                }
            }
            cursor = Math.max(cursor, newest / 1000 - 5000);
            if (got.size() >= expected || System.nanoTime() > deadline) {
                return got;
            }
            Thread.sleep(100);
        }
    }

    // --- CPU accounting --------------------------------------------------------------------------------

    /** CPU time (ms) of the instances, the sandbox, PostgreSQL's processes, this JVM and the whole machine. */
    private record Cpu(long nanos, long[] instances, long sandbox, Map<Long, Long> pg, long self, long machineBusy) {

        static Cpu sample(List<Proc> inst, Proc sandbox) {
            long[] i = new long[inst.size()];
            for (int k = 0; k < i.length; k++) {
                i[k] = inst.get(k).cpuMillis();
            }
            return new Cpu(System.nanoTime(), i, sandbox.cpuMillis(), pgProcesses(), procCpu("self"), machine());
        }

        /**
         * pid -> CPU ms of PostgreSQL's own processes (WAL writer, checkpointer ...: no client in their command line)
         * and of the backends serving this run's instances (application name callout-bench-*); other clients'
         * backends (other people's tests on the shared server) are left out.
         */
        static Map<Long, Long> pgProcesses() {
            Set<Long> ours = new HashSet<>();
            try (Connection c = PgBench.pg(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name LIKE '"
                         + APP_PREFIX + "%'")) {
                while (rs.next()) {
                    ours.add(rs.getLong(1));
                }
            } catch (SQLException e) {
                // no PostgreSQL (the H2 configuration): its own processes only
            }
            Map<Long, Long> out = new HashMap<>();
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    String name = d.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        if (!"postgres".equals(Files.readString(d.resolve("comm")).trim())) {
                            continue;
                        }
                        String cmd = Files.readString(d.resolve("cmdline"));
                        boolean client = cmd.contains("(") || cmd.contains("[local]");
                        long pid = Long.parseLong(name);
                        if (!client || ours.contains(pid)) {
                            out.put(pid, procCpu(name));
                        }
                    } catch (IOException e) {
                        // gone meanwhile
                    }
                }
            } catch (IOException e) {
                // no /proc
            }
            return out;
        }

        static long pgDelta(Map<Long, Long> a, Map<Long, Long> b) {
            long sum = 0;
            for (Map.Entry<Long, Long> e : b.entrySet()) {
                sum += Math.max(0, e.getValue() - a.getOrDefault(e.getKey(), 0L));
            }
            return sum;
        }

        static long procCpu(String pid) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** Busy CPU time of all cores (user, nice, system, irq, softirq, steal), ms. */
        static long machine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int k : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += Long.parseLong(f[k]);
                }
                return busy * 10;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** POST /api/alarms bodies named "<prefix> <base + i>", one unique source each. */
    private static Load.Req alarms(String tag, String prefix, long base, String roster) {
        return new Load.Req() {
            public String uri(long i) {
                return "/api/alarms";
            }

            public Buffer body(long i) {
                long k = base + i;
                return Buffer.buffer("{\"source\":\"bench/" + tag + "/" + prefix + "/" + k + "\",\"name\":\"" + prefix
                        + " " + k + "\",\"priority\":\"High\",\"message\":\"Bench alarm " + k + "\",\"roster\":\""
                        + roster + "\"}");
            }
        };
    }

    private int phones;

    /** A phone number of its own for each roster member of the run (the sandbox is shared by every configuration). */
    private String nextPhone() {
        return "+12025553" + String.format(Locale.ROOT, "%03d", ++phones);
    }

    private static Connection pg() throws SQLException {
        return DriverManager.getConnection(PG_URL, PG_USER, "");
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static String cores(double[] c) {
        return Arrays.stream(c).mapToObj(v -> fmt("%.2f", v)).collect(Collectors.joining(" + "));
    }

    private static String ms(double[] c) {
        return Arrays.stream(c).mapToObj(v -> fmt("%.2f", v)).collect(Collectors.joining(" / "));
    }

    private static String describe(Load.Result r) {
        return fmt("%d ok, %d errors, %.0f/s, p50 %.2f ms, p99 %.2f ms", r.ok(), r.errors(), r.perSecond(),
                r.p50Ms(), r.p99Ms());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    static void log(String f, Object... args) {
        System.out.println("[pg-bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + fmt(f, args));
        System.out.flush();
    }
}
