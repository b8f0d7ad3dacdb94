package inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.CalloutApp;
import support.IntakeProbe;

class FileInputTest {

    static CalloutApp app;
    static IntakeProbe intake;
    static Path inbox;

    @BeforeAll
    static void start() throws Exception {
        app = CalloutApp.start(Map.of());
        intake = IntakeProbe.install(app.context());
        inbox = Path.of(app.property("callout.inbox.dir"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_hand_dropped_file_to_intake_once_and_move_it_to_done() throws IOException {
        String source = "test/file/" + UUID.randomUUID();
        String payload = "{\"source\": \"" + source + "\", \"name\": \"High Level\", \"priority\": \"High\"}\n";

        drop("tank1.json", payload);

        Path done = inbox.resolve(".done");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(list(done))
                .anySatisfy(p -> assertThat(p.getFileName().toString()).matches("\\d{8}-\\d{9}-tank1\\.json")));
        Path moved = list(done).stream().filter(p -> p.getFileName().toString().endsWith("-tank1.json")).findFirst()
                .orElseThrow();
        assertThat(Files.readString(moved)).isEqualTo(payload);
        assertThat(inbox.resolve("tank1.json")).doesNotExist();
        assertThat(intake.bodies("file", source)).containsExactly(payload);
    }

    @Test
    void should_move_rejected_file_to_failed_with_reason_beside_it() throws IOException {
        drop("garbage-1.json", "garbage\n");

        Path failed = inbox.resolve(".failed");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failed.resolve("garbage-1.json"))
                .exists());
        assertThat(Files.readString(failed.resolve("garbage-1.json"))).isEqualTo("garbage\n");
        String reason = Files.readString(failed.resolve("garbage-1.json.reason.txt"), StandardCharsets.UTF_8);
        if (intake.isStub()) {
            assertThat(reason).isEqualTo(IntakeProbe.STUB_ERROR);
        } else {
            assertThat(reason).isNotBlank();
        }
        assertThat(inbox.resolve("garbage-1.json")).doesNotExist();
        assertThat(intake.bodies("file", "garbage")).containsExactly("garbage\n");
    }

    /** Writes atomically, as documented for the inbox: a dot-file first, then a rename. */
    private static void drop(String name, String content) throws IOException {
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
