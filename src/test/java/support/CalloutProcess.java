package support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Callout as a separate JVM process, so a test can kill it with SIGKILL mid-flight. */
public final class CalloutProcess implements AutoCloseable {

    private final Path dataDir;
    private final Map<String, String> props;
    private Process process;
    private Path log;
    private List<String> jvmOptions = List.of("-Xmx256m");
    private Duration startLimit = Duration.ofSeconds(90);

    public CalloutProcess(Path dataDir, Map<String, String> props) {
        this.dataDir = dataDir;
        this.props = props;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a run that ended went: its exit code and everything it printed (stdout and stderr). */
    public record Exit(int code, String output) {
        public String lastLine() {
            String[] lines = output.strip().split("\\R");
            return lines[lines.length - 1];
        }
    }

    /** Runs Callout with these arguments until it exits by itself (at most {@code limit}). */
    public Exit runToExit(Duration limit, String... args) throws Exception {
        Path log = dataDir.resolve("callout-" + Instant.now().toEpochMilli() + ".log");
        process = new ProcessBuilder(command(args)).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("Callout still running after " + limit + ":\n" + java.nio.file.Files.readString(log));
        }
        return new Exit(process.exitValue(), java.nio.file.Files.readString(log));
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("app.CalloutMain");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The JVM's options (default {@code -Xmx256m}), for the next start. */
    public CalloutProcess jvmOptions(String... options) {
        this.jvmOptions = List.of(options);
        return this;
    }

    /** How long {@link #start} waits for the health check (default 90 s). */
    public CalloutProcess startLimit(Duration limit) {
        this.startLimit = limit;
        return this;
    }

    /** Starts the JVM and waits until /observe/health is UP. */
    public void start(int port) throws Exception {
        start(port, "/observe/health");
    }

    /** Starts the JVM and waits until {@code healthPath} (e.g. /observe/health/ready) answers 200. */
    public void start(int port, String healthPath) throws Exception {
        // one log per run (a test reads each run's lines); the nanos keep two starts in one millisecond apart
        log = dataDir.resolve("callout-" + Instant.now().toEpochMilli() + "-" + System.nanoTime() + ".log");
        process = new ProcessBuilder(command()).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            // polls 50 ms apart: a spinning loop took a core from the JVM it waited for
            org.awaitility.Awaitility.await().atMost(startLimit).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).pollInSameThread().until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Callout exited with " + process.exitValue());
                        }
                        try {
                            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                            + healthPath)).timeout(Duration.ofSeconds(5)).build(),
                                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                        } catch (IOException notYet) {
                            return false; // not listening yet
                        }
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("Callout did not become healthy in " + startLimit);
        }
    }

    /** The log of the current (or last) run: everything it printed. */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, as systemd stops a service: Camel's graceful stop, leases released; waits for the exit. */
    public int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("Callout did not stop within " + limit + " of SIGTERM (killed)");
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hooks, no graceful stop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
