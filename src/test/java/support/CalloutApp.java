package support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import app.CalloutMain;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real Callout, started in this JVM on a free port with a temporary data directory, driven over HTTP.
 * Restartable on the same data directory to prove state survives a restart.
 */
public final class CalloutApp implements AutoCloseable {

    public static final String TOKEN = "test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> props = new LinkedHashMap<>();
    /** Beans bound into the registry before Callout configures itself (a TestClock as "clock", a test OnCallLookup). */
    private final Map<String, Object> beans = new LinkedHashMap<>();
    private final Path dataDir;
    private int port;
    private Main main;

    public CalloutApp(Map<String, String> extra) {
        try {
            this.dataDir = Files.createTempDirectory("callout-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = freePort();
        props.put("camel.server.port", String.valueOf(port));
        props.put("callout.public-url", "http://localhost:" + port);
        props.put("callout.api.token", TOKEN);
        props.put("callout.data.dir", dataDir.toString());
        props.put("callout.db.url", "jdbc:h2:file:" + dataDir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
        props.put("callout.inbox.dir", dataDir.resolve("inbox").toString());
        props.put("callout.routes.dir", dataDir.resolve("routes").toString());
        // the embedded broker's ports: free ones, so app instances and parallel builds never clash
        props.put("callout.broker.jms-port", String.valueOf(freePort()));
        props.put("callout.broker.mqtt-port", String.valueOf(freePort()));
        // storm control off unless a test turns it on: most tests page one person with several alarms in a row
        props.put("callout.bundle.window", "PT0S");
        props.put("callout.limits.sms", "none");
        props.put("callout.limits.voice", "none");
        props.putAll(extra);
    }

    /** Only the HTTP helpers, aimed at a Callout running elsewhere (e.g. a separate process) on that port. */
    public CalloutApp at(int otherPort) {
        this.port = otherPort;
        return this;
    }

    public static CalloutApp start(Map<String, String> extra) {
        return start(extra, Map.of());
    }

    /** Starts with {@code beans} bound in the registry first, e.g. {@code Map.of("clock", testClock)}. */
    public static CalloutApp start(Map<String, String> extra, Map<String, Object> beans) {
        CalloutApp app = new CalloutApp(extra);
        app.beans.putAll(beans);
        try {
            app.start();
        } catch (IllegalStateException e) {
            // a free port picked for the server or the broker was taken before it was bound: pick new ones once
            try {
                app.stop();
            } catch (RuntimeException ignored) {
                // it never fully started
            }
            app = new CalloutApp(extra);
            app.beans.putAll(beans);
            app.start();
        }
        return app;
    }

    public synchronized CalloutApp start() {
        main = CalloutMain.create();
        props.forEach(main::addOverrideProperty);
        beans.forEach(main::bind);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("Callout did not start", e);
        }
        return this;
    }

    public synchronized void stop() {
        if (main != null) {
            main.stop();
            main = null;
        }
    }

    public CalloutApp restart() {
        stop();
        return start();
    }

    @Override
    public void close() {
        stop();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** A property as the running app resolved it (placeholders included). */
    public String property(String key) {
        return context().getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new AssertionError("no property " + key));
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    // ---- HTTP helpers

    public record Res(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Res api(String method, String path, Object json) {
        return send(method, path, json, Map.of("Authorization", "Bearer " + TOKEN));
    }

    public Res send(String method, String path, Object json, Map<String, String> headers) {
        try {
            String body = json == null ? null : json instanceof String s ? s : JSON.writeValueAsString(json);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
                b.header("Content-Type", "application/json");
            }
            headers.forEach(b::header);
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode phone(String number) {
        Res r = send("GET", "/sandbox/phones/" + number.replace("+", "%2B"), null, Map.of());
        if (r.status() != 200) {
            throw new AssertionError("sandbox phone " + number + ": " + r.status() + " " + r.body());
        }
        return r.json();
    }

    public Res setPhone(String number, Map<String, Object> settings) {
        return send("PUT", "/sandbox/phones/" + number.replace("+", "%2B"), settings, Map.of());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
