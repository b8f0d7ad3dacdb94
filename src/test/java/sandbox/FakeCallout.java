package sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twilio.security.RequestValidator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for Callout's webhooks: answers TwiML by path and checks every X-Twilio-Signature. */
final class FakeCallout implements AutoCloseable {

    /** One webhook request as received. */
    record Hit(String method, String path, Map<String, String> params, boolean signatureValid) {
    }

    private final HttpServer server;
    private final RequestValidator validator;
    final List<Hit> hits = new CopyOnWriteArrayList<>();
    final Map<String, String> twiml = new ConcurrentHashMap<>();
    final Map<String, Integer> statuses = new ConcurrentHashMap<>();

    FakeCallout(String authToken) throws IOException {
        validator = new RequestValidator(authToken);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Hit> hits(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    private void serve(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String url = base() + ex.getRequestURI().toString();
        String signature = ex.getRequestHeaders().getFirst("X-Twilio-Signature");
        boolean valid = signature != null && validator.validate(url, params, signature);
        String path = ex.getRequestURI().getPath();
        hits.add(new Hit(ex.getRequestMethod(), path, params, valid));
        int status = statuses.getOrDefault(path, 200);
        String answer = twiml.getOrDefault(path, "<Response/>");
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/xml");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
