package stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import support.CalloutApp;

/** In Camel Main with camel.metrics.enabled, the statistics meters show on /observe/metrics beside Camel's. */
class StatsObserveMetricsTest {

    private CalloutApp app;
    private int port;

    @BeforeEach
    void start() {
        // the whole application: its own wiring binds the registry, the stats route and the ops metrics
        app = CalloutApp.start(Map.of());
        port = app.port();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void should_show_twilio_gauges_and_ops_series_beside_camel_route_metrics() throws Exception {
        app.context().createProducerTemplate().sendBodyAndHeader("direct:stats",
                Map.of("MessageSid", "SM1", "MessageStatus", "delivered", "To", "+15550009999"),
                StatsEvents.KIND_HEADER, StatsEvents.MESSAGE_STATUS);
        OpsMetrics ops = app.context().getRegistry().lookupByNameAndType("opsMetrics", OpsMetrics.class);
        ops.alarmReceived("file");

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics"))
                .build();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains(
                    "# HELP callout_twilio_messages_sent Twilio statistics total, tag System/Gateway/Twilio/MessagesSent (unknown numbers included)\n",
                    "callout_twilio_messages_sent 1.0\n",
                    "callout_twilio_calls_sent 0.0\n",
                    "callout_alarms_received_total{input=\"file\"} 1.0\n",
                    "routeId=\"stats-sink\"");
        });
    }

    @Test
    void should_find_every_series_of_the_grafana_dashboard() throws Exception {
        app.context().createProducerTemplate().sendBodyAndHeader("direct:stats",
                Map.of("MessageSid", "SM1", "MessageStatus", "queued", "To", "+15550009999"),
                StatsEvents.KIND_HEADER, StatsEvents.MESSAGE_STATUS);
        OpsMetrics ops = app.context().getRegistry().lookupByNameAndType("opsMetrics", OpsMetrics.class);
        ops.alarmReceived("http");
        ops.notification("sms", "delivered");
        ops.acknowledged("sms", Duration.ofSeconds(42));
        ops.webhookRejected("bad-signature");
        ops.scriptError("voice.groovy");
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(?:callout|camel)_[a-z_]+")
                .matcher(Files.readString(Path.of("ops/grafana-callout.json")));
        while (m.find()) {
            used.add(m.group());
        }

        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        Set<String> exposed = new TreeSet<>();
        body.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("[{ ]")[0]).forEach(exposed::add);
        assertThat(used).hasSizeGreaterThan(15);
        assertThat(exposed).containsAll(used);
    }
}
