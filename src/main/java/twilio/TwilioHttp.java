package twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Plain HTTP to the Twilio API with the account's Basic auth, for what the SDK has no call for (recording media,
 * raw requests). {@code https://<domain>.twilio.com} is replaced by the configured API base exactly as the SDK's
 * {@link BaseUrlHttpClient} does, so the sandbox or a mock answers.
 */
public final class TwilioHttp {

    /** A response as received: status, Content-Type and Location (may be null) and the bytes. */
    public record Result(int status, String contentType, byte[] body, String location) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String accountSid;
    private final String authorization;
    private final Optional<String> apiBase;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    public TwilioHttp(String accountSid, String authToken, Optional<String> apiBase) {
        this.accountSid = accountSid;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        this.apiBase = apiBase;
    }

    public String accountSid() {
        return accountSid;
    }

    /** The URL for {@code https://<domain>.twilio.com<pathAndQuery>}, rewritten to the API base if one is set. */
    public String url(String domain, String pathAndQuery) {
        String url = "https://" + domain + ".twilio.com" + pathAndQuery;
        return apiBase.map(base -> BaseUrlHttpClient.rewriteUrl(url, base)).orElse(url);
    }

    /** Sends one request with the account's auth (overriding any Authorization given); no redirect is followed. */
    public Result send(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Authorization")) {
                b.header(name, value);
            }
        });
        b.header("Authorization", authorization);
        return exchange(b.build());
    }

    /** GET with auth; a redirect (Twilio may hand media to a signed storage URL) is followed once without it. */
    public Result download(String url) {
        Result r = send("GET", url, Map.of(), null);
        if (r.status() >= 300 && r.status() < 400 && r.location() != null) {
            URI target = URI.create(url).resolve(r.location());
            return exchange(HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build());
        }
        return r;
    }

    private Result exchange(HttpRequest request) {
        try {
            HttpResponse<byte[]> res = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Result(res.statusCode(), res.headers().firstValue("Content-Type").orElse(null), res.body(),
                    res.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new ApiConnectionException("Connection to Twilio failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("Interrupted while calling Twilio", e);
        }
    }

    /** Twilio's error body ({@code code}, {@code message}, {@code more_info}, {@code status}) as the SDK's exception. */
    public static ApiException error(Result r) {
        String text = new String(r.body(), StandardCharsets.UTF_8);
        try {
            JsonNode j = JSON.readTree(text);
            if (j != null && j.hasNonNull("message")) {
                return new ApiException(j.get("message").asText(),
                        j.hasNonNull("code") ? j.get("code").asInt() : null,
                        j.hasNonNull("more_info") ? j.get("more_info").asText() : null, r.status(), null);
            }
        } catch (IOException e) {
            // not JSON: use the raw text
        }
        return new ApiException("Twilio answered " + r.status() + (text.isBlank() ? "" : ": " + abbreviate(text)),
                null, null, r.status(), null);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
