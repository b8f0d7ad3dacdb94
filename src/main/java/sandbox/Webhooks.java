package sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import twilio.TwilioSignatures;

/** Sends signed webhook requests the way Twilio does (form-encoded, X-Twilio-Signature). */
final class Webhooks {

    /** What a webhook returned: the status and body, or the error that kept it from answering. */
    record Result(int status, String body, String error) {
        boolean ok() {
            return error == null && status >= 200 && status < 300;
        }

        String describe() {
            return error != null ? error : "HTTP " + status;
        }
    }

    private final String authToken;
    // HTTP/1.1 as Twilio's webhooks are; left to choose, the JDK client asks for an h2c upgrade, which Callout's
    // Vert.x server grants, so every status callback took an HTTP/2 path no Twilio request does
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final Duration timeout = Duration.ofSeconds(15);

    Webhooks(String authToken) {
        this.authToken = authToken;
    }

    Result send(String method, String url, Map<String, String> params) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder().timeout(timeout)
                    .header("User-Agent", "TwilioProxy/1.1")
                    .header("Accept", "*/*");
            if ("GET".equalsIgnoreCase(method)) {
                String full = url + (url.contains("?") ? "&" : "?") + encode(params);
                b.uri(URI.create(full)).GET()
                        .header("X-Twilio-Signature", TwilioSignatures.sign(authToken, full, Map.of()));
            } else {
                b.uri(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                        .header("X-Twilio-Signature", TwilioSignatures.sign(authToken, url, params))
                        .POST(HttpRequest.BodyPublishers.ofString(encode(params)));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Result(r.statusCode(), r.body(), null);
        } catch (IOException | IllegalArgumentException e) {
            return new Result(0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, null, "interrupted");
        }
    }

    static String encode(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
