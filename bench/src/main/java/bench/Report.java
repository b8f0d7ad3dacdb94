package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The figures of a run, as a console table and as BENCHMARKS.md. */
final class Report {

    private record Row(String scenario, String metric, String value, String target, Boolean met) {
        String verdict() {
            return met == null ? "" : met ? "met" : "MISSED";
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> machine = new ArrayList<>();
    private long startProbe;

    void machine() {
        machine.add("date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        machine.add("CPU: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpuModel());
        machine.add("memory: " + meminfo("MemTotal") + " total, " + meminfo("MemAvailable") + " available at start");
        machine.add("load average at start (1/5/15 min): " + read("/proc/loadavg").split(" ", 4)[0] + " "
                + read("/proc/loadavg").split(" ", 4)[1] + " " + read("/proc/loadavg").split(" ", 4)[2]);
        startProbe = cpuProbeMillis();
        machine.add("CPU probe at start (fixed single-threaded work, see Report.cpuProbeMillis; lower is faster): "
                + startProbe + " ms");
        machine.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.add("everything on loopback on this one machine: the load generator, Callout (sandbox mode, H2 file"
                + " database) and the bare Vert.x server share the same cores");
    }

    /** The options of Callout's JVM as started (from its command line), for the machine section. */
    void calloutJvm(List<String> options) {
        machine.add(machine.size() - 1, "Callout started with `bin/callout`; JVM options: "
                + (options.isEmpty() ? "none (JVM defaults)" : "`" + String.join(" ", options) + "`"));
    }

    void add(String scenario, String metric, String value, String target, Boolean met) {
        rows.add(new Row(scenario, metric, value, target == null ? "" : target, met));
        Bench.log("%s | %s | %s %s", scenario, metric, value, met == null ? "" : "[" + (met ? "met" : "MISSED") + "]");
    }

    String table() {
        int a = 16;
        int b = 10;
        int c = 10;
        int d = 8;
        for (Row r : rows) {
            a = Math.max(a, r.scenario.length());
            b = Math.max(b, r.metric.length());
            c = Math.max(c, r.value.length());
            d = Math.max(d, r.target.length());
        }
        String f = "%-" + a + "s  %-" + b + "s  %-" + c + "s  %-" + d + "s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(f, "scenario", "measure", "value", "target", ""));
        sb.append("-".repeat(a + b + c + d + 14)).append('\n');
        for (Row r : rows) {
            sb.append(String.format(f, r.scenario, r.metric, r.value, r.target, r.verdict()));
        }
        return sb.toString();
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("# Callout benchmarks\n\n");
        sb.append("Written by `bash bench/run.sh` (see bench/README.md). One run; figures from a shared machine are"
                + " noisy: compare runs on the same machine, not across machines.\n\n## Machine\n\n");
        machine.forEach(m -> sb.append("- ").append(m).append('\n'));
        String[] load = read("/proc/loadavg").split(" ", 4);
        if (load.length >= 3) {
            sb.append("- load average at the end (1/5/15 min): ").append(load[0]).append(' ').append(load[1])
                    .append(' ').append(load[2]).append(" (other engineers' builds share this machine)\n");
        }
        long endProbe = cpuProbeMillis();
        sb.append("- CPU probe at the end: ").append(endProbe).append(" ms (at start ").append(startProbe)
                .append(" ms; on this shared virtual machine the same work took 290 to 1,040 ms within one hour of one session, and"
                        + " every figure below moves with it)\n");
        sb.append("\n## Figures\n\n| scenario | measure | value | target | |\n| --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            sb.append("| ").append(r.scenario).append(" | ").append(r.metric).append(" | ").append(r.value)
                    .append(" | ").append(r.target).append(" | ").append(r.verdict()).append(" |\n");
        }
        long missed = rows.stream().filter(r -> Boolean.FALSE.equals(r.met)).count();
        long met = rows.stream().filter(r -> Boolean.TRUE.equals(r.met)).count();
        sb.append("\nTargets: ").append(met).append(" met, ").append(missed).append(" missed.\n");
        return sb.toString();
    }

    /**
     * A fixed amount of single-threaded work (2 million merges into a HashMap of 200,000 string keys: allocation and
     * cache misses, as in the service), the median of five after one to warm up, in milliseconds: tells how fast this
     * machine was when the figures were taken, since a shared virtual machine's speed is not constant.
     */
    static long cpuProbeMillis() {
        long[] times = new long[6];
        long sink = 0;
        for (int r = 0; r < times.length; r++) {
            long t0 = System.nanoTime();
            java.util.HashMap<String, Integer> m = new java.util.HashMap<>();
            for (int i = 0; i < 2_000_000; i++) {
                sink += m.merge("k" + (i * 7919 % 200_000), 1, Integer::sum);
            }
            times[r] = (System.nanoTime() - t0) / 1_000_000 + (sink == 42 ? 1 : 0);
        }
        long[] measured = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    private static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static String meminfo(String key) {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith(key + ":")) {
                long kb = Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
                return Bench.fmt("%.1f GB", kb / 1024.0 / 1024.0);
            }
        }
        return "?";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
