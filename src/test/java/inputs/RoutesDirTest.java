package inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.IntakeProbe;

/** User-added YAML routes in callout.routes.dir: loaded at start, and picked up while running. */
class RoutesDirTest {

    static final String AT_START = "test/route/at-start/" + UUID.randomUUID();

    static CalloutApp app;
    static IntakeProbe intake;
    static Path routesDir;

    @BeforeAll
    static void start() throws Exception {
        app = new CalloutApp(Map.of());
        routesDir = app.dataDir().resolve("routes");
        Files.createDirectories(routesDir);
        write("at-start.yaml", timerRoute("test-input-at-start", "site0", AT_START));
        app.start();
        intake = IntakeProbe.install(app.context());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_load_user_route_present_at_start() {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(intake.bodies("site0", AT_START)).hasSize(1));
    }

    @Test
    void should_pick_up_user_route_dropped_while_running() throws IOException {
        String source = "test/route/dropped/" + UUID.randomUUID();

        write("site1.yaml", timerRoute("test-input-site1", "site1", source));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(intake.bodies("site1", source))
                        .containsExactly(alarm(source)));
        // reloading one file leaves every other route running
        for (String id : new String[] {"alarm-input-file", "alarm-input-mqtt", "alarm-input-jms", "api-users-list"}) {
            assertThat(app.context().getRouteController().getRouteStatus(id)).as(id).isEqualTo(ServiceStatus.Started);
        }
    }

    @Test
    void should_run_shipped_example_route_for_second_mqtt_topic() throws Exception {
        String source = "test/site2/" + UUID.randomUUID();
        String payload = alarm(source);

        write("site2.yaml", Files.readString(Path.of("examples/alarm-mqtt-site2.yaml")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                app.context().getRouteController().getRouteStatus("alarm-input-site2")).isEqualTo(ServiceStatus.Started));
        Mqtt.publish(app.property("callout.mqtt.url"), "site2/alarms", payload);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(intake.bodies("site2", source)).containsExactly(payload));
    }

    /** A route that sends one alarm with its own CalloutInput name, and uses a placeholder like a real one would. */
    private static String timerRoute(String id, String input, String source) {
        return """
                - route:
                    id: %s
                    from:
                      uri: timer:%s
                      parameters:
                        repeatCount: 1
                      steps:
                        - setBody:
                            constant: '%s'
                        - setHeader:
                            name: CalloutInput
                            constant: %s
                        - to: direct:alarm-intake
                """.formatted(id, id, alarm(source), input);
    }

    private static String alarm(String source) {
        return "{\"source\": \"" + source + "\", \"name\": \"From User Route\"}";
    }

    /** Atomically, as documented: a dot-file, then a rename. */
    private static void write(String name, String content) throws IOException {
        Path tmp = routesDir.resolve("." + name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, routesDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
