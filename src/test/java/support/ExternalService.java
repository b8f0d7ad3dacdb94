package support;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class that needs PostgreSQL or Mosquitto on 127.0.0.1 when it is not listening, visibly: the class is
 * disabled before its {@code @BeforeAll} runs, so surefire counts each of its tests as skipped (an assumption failing
 * in {@code @BeforeAll} made them vanish from the counts), and one line per class goes to the console (the JVM's own
 * stderr: surefire keeps System.out for the report files). A single test uses {@link Service#assumeUp(String)}.
 * {@code -Dcallout.test.down=postgresql,mosquitto} treats a service as down (to see the skips without stopping it).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ExternalService.Check.class)
public @interface ExternalService {

    Service value();

    enum Service {
        POSTGRESQL("PostgreSQL", 5432),
        MOSQUITTO("Mosquitto", 1883);

        final String label;
        final int port;

        Service(String label, int port) {
            this.label = label;
            this.port = port;
        }

        /** Aborts the calling test, saying so on the console, when the service is down. */
        public void assumeUp(String test) {
            if (!up()) {
                String reason = label + " is not listening on 127.0.0.1:" + port + ": skipping " + test;
                Check.CONSOLE.println("[SKIPPED] " + reason);
                org.junit.jupiter.api.Assumptions.abort(reason);
            }
        }

        /** Whether something listens on 127.0.0.1 at the service's port (asked once per run). */
        public boolean up() {
            return UP.computeIfAbsent(this, s -> !forcedDown(s) && listening(s.port));
        }

        private static boolean forcedDown(Service s) {
            return System.getProperty("callout.test.down", "").toLowerCase().contains(s.label.toLowerCase());
        }

        private static boolean listening(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }

    Map<Service, Boolean> UP = new ConcurrentHashMap<>();

    /** The condition: the whole class is skipped when its service is down. */
    final class Check implements ExecutionCondition {
        static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8);

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Class<?> testClass = context.getRequiredTestClass();
            ExternalService needs = testClass.getAnnotation(ExternalService.class);
            Service service = needs.value();
            if (service.up()) {
                return ConditionEvaluationResult.enabled(service.label + " is listening on 127.0.0.1:" + service.port);
            }
            String reason = service.label + " is not listening on 127.0.0.1:" + service.port + ": skipping "
                    + testClass.getSimpleName() + " (start it, or run .ci/run)";
            CONSOLE.println("[SKIPPED] " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}
