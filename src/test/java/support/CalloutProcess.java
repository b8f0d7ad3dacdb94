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
        cmd.add("-Xmx256m");
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("app.CalloutMain");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the JVM and waits until /observe/health is UP. */
    public void start(int port) throws Exception {
        process = new ProcessBuilder(command()).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("callout-" + Instant.now().toEpochMilli() + ".log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Callout exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("Callout did not become healthy in 90 s");
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
