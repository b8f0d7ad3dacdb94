package support;

import broker.EmbeddedBroker;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * An ActiveMQ Artemis broker as a process of its own (not inside a Callout instance), as in a deployment of several
 * instances: CORE (JMS) on {@link #jmsPort()}, a persistent journal in its directory, queue {@code callout.alarms}
 * with its dead-letter queue, configured like Callout's embedded broker ({@link EmbeddedBroker}). A test can kill it
 * with SIGKILL and start it again on the same port and journal. Runs {@link #main} in a child JVM on this classpath
 * (artemis-server is a dependency of Callout).
 */
public final class ArtemisProcess implements AutoCloseable {

    public static final String QUEUE = "callout.alarms";

    private final Path dir;
    private final int jmsPort = CalloutProcess.freePort();
    private final int mqttPort = CalloutProcess.freePort();
    private Process process;
    private int starts;

    public ArtemisProcess(Path dir) {
        this.dir = dir;
    }

    /** Starts the broker process and waits until its JMS port accepts connections. */
    public ArtemisProcess start() throws Exception {
        starts++;
        Path log = dir.resolve("artemis-" + starts + ".log");
        Files.createDirectories(dir);
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-cp", System.getProperty("java.class.path"), ArtemisProcess.class.getName(),
                String.valueOf(jmsPort), String.valueOf(mqttPort), dir.resolve("journal").toString(), QUEUE))
                .directory(new File(".")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Artemis exited with " + process.exitValue() + ":\n"
                                    + Files.readString(log));
                        }
                        return listening(jmsPort) && Files.readString(log).contains(READY);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("Artemis did not start in 90 s:\n" + Files.readString(log));
        }
        return this;
    }

    public String jmsUrl() {
        return "tcp://127.0.0.1:" + jmsPort;
    }

    public int jmsPort() {
        return jmsPort;
    }

    /** SIGKILL: no clean shutdown of the journal. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            kill();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static final String READY = "ARTEMIS READY";

    /** The child process: {@code jmsPort mqttPort journalDir queue}; runs until killed. */
    public static void main(String[] args) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Path.of(args[2]), args[3]);
        broker.start();
        System.out.println(READY + " tcp://127.0.0.1:" + args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception ignored) {
                // going down anyway
            }
        }));
        new CountDownLatch(1).await();
    }
}
