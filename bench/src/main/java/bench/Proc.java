package bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A child JVM: started, watched through /proc, stopped. */
final class Proc implements AutoCloseable {

    final Process process;
    final long startedNanos;

    private Proc(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
    }

    static Proc start(List<String> command, Path workDir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // a launcher script (bin/callout) runs the same JDK as the benchmark
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long t0 = System.nanoTime();
        Process p = pb.start();
        // a benchmark stopped with Ctrl-C or kill must not leave Callout running (it would load the next run)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
        return new Proc(p, t0);
    }

    long pid() {
        return process.pid();
    }

    /** The JVM options on the process's command line: the arguments before {@code -jar} (or the main class). */
    List<String> jvmOptions() {
        List<String> opts = new java.util.ArrayList<>();
        try {
            String[] args = Files.readString(Path.of("/proc", Long.toString(pid()), "cmdline")).split("\0");
            for (int i = 1; i < args.length && args[i].startsWith("-") && !args[i].equals("-jar"); i++) {
                opts.add(args[i]);
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux, or the process is gone: no options to report
        }
        return opts;
    }

    /** A field of /proc/pid/status in kB (VmRSS = resident now, VmHWM = peak resident). */
    long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time (user + system) the process has used so far, in milliseconds (clock ticks at 100 Hz). */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
