package flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import support.CalloutApp;

/** README's "Try it" block, pasted into bash against a fresh Callout, ends with the call done and the alarm acknowledged. */
class ReadmeTryItTest {

    @Test
    void should_show_the_acknowledged_call_when_the_try_it_block_is_pasted() throws Exception {
        try (CalloutApp app = CalloutApp.start(Map.of())) {
            String block = tryItBlock()
                    .replace("$(cat data/api-token)", CalloutApp.TOKEN)
                    .replace("localhost:8080", "localhost:" + app.port());
            Path script = Files.createTempFile("try-it", ".sh");
            Files.writeString(script, block);

            Process bash = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
            assertThat(bash.waitFor(90, TimeUnit.SECONDS)).as("the block ends").isTrue();
            String out = new String(bash.getInputStream().readAllBytes());

            assertThat(out).contains("\"Alarm: High Level. Priority High. Tank 1 level at 95%.\","
                    + "\"Enter your PIN followed by the pound key to acknowledge. Press star to hear the alarm again, "
                    + "or 5 to pass it to the next person.\",\"Alarm High Level acknowledged. Thank you. Goodbye.\"]");
            assertThat(app.api("GET", "/api/alarms/1", null).json().get("state").asText()).isEqualTo("acknowledged");
        }
    }

    private static String tryItBlock() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int heading = lines.indexOf("## Try it (sandbox mode)");
        int start = lines.subList(heading, lines.size()).indexOf("```sh") + heading + 1;
        int end = lines.subList(start, lines.size()).indexOf("```") + start;
        return String.join("\n", lines.subList(start, end)) + "\n";
    }
}
