package twilio;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import web.ApiException;

/**
 * Relays a {@link RawRequest} to the Twilio API (or the sandbox) with the account's auth added; the answer comes back
 * unchanged. Only Twilio API paths are allowed: no scheme, host, {@code ..}, query or fragment in {@code path}.
 * The profile's account SID fills {@code {AccountSid}} and {@code {{accountSid}}} placeholders (any case), and a
 * path without its leading slash gets one.
 */
public final class RawRelay {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_~+%=-][A-Za-z0-9._~+%=-]*)+/?");
    private static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final List<String> FORBIDDEN_HEADERS = List.of("host", "content-length", "connection",
            "authorization", "expect", "upgrade", "transfer-encoding");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*accountSid\\s*}}|\\{accountSid}",
            Pattern.CASE_INSENSITIVE);

    private final java.util.function.Function<String, TwilioHttp> httpOfProfile;

    public RawRelay(TwilioHttp http) {
        this.httpOfProfile = profile -> {
            if (profile != null && !profile.isBlank() && !profile.equals(TwilioProfiles.DEFAULT)) {
                throw ApiException.badRequest("profile", "no Twilio profile '" + profile + "'");
            }
            return http;
        };
    }

    /** Relays with the credentials and API base of the profile a request names (none: the default). */
    public RawRelay(TwilioProfiles profiles) {
        Map<String, TwilioHttp> clients = new java.util.concurrent.ConcurrentHashMap<>();
        this.httpOfProfile = name -> {
            TwilioProfile p = profiles.get("profile", name);
            return clients.computeIfAbsent(p.name(), n -> new TwilioHttp(p.accountSid(), p.authToken(), p.apiBase()));
        };
    }

    /** {@code path} with a leading slash and the account SID in place of its placeholders. */
    static String path(String raw, String accountSid) {
        if (raw == null) {
            return null;
        }
        String p = PLACEHOLDER.matcher(raw.trim()).replaceAll(java.util.regex.Matcher.quoteReplacement(accountSid));
        return p.startsWith("/") ? p : "/" + p;
    }

    public TwilioHttp.Result relay(RawRequest r) {
        TwilioHttp http = httpOfProfile.apply(r.profile());
        String method = r.method() == null || r.method().isBlank() ? "GET" : r.method().trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw ApiException.badRequest("method", "method must be one of " + METHODS);
        }
        String path = path(r.path(), http.accountSid());
        if (path == null || !PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")
                || path.toLowerCase(Locale.ROOT).contains("%2f") || path.contains("%2e") || path.contains("%2E")) {
            throw ApiException.badRequest("path", "path must be a Twilio API path like "
                    + "2010-04-01/Accounts/{{accountSid}}/Messages.json (put parameters in query)");
        }
        String domain = r.domain() == null || r.domain().isBlank() ? "api" : r.domain().trim();
        if (!DOMAIN.matcher(domain).matches()) {
            throw ApiException.badRequest("domain", "domain must be a Twilio API host name like api or monitor");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (r.headers() != null) {
            r.headers().forEach((name, value) -> {
                if (!HEADER.matcher(name).matches() || value == null || value.contains("\n") || value.contains("\r")) {
                    throw ApiException.badRequest("headers", "invalid header '" + name + "'");
                }
                if (!FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.put(name, value);
                }
            });
        }
        byte[] body = null;
        if (r.body() != null && !r.body().isNull()) {
            if (r.body().isObject()) {
                body = form(r.body()).getBytes(StandardCharsets.UTF_8);
                headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
            } else if (r.body().isTextual()) {
                body = r.body().asText().getBytes(StandardCharsets.UTF_8);
                if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
                    headers.put("Content-Type", "application/x-www-form-urlencoded");
                }
            } else {
                throw ApiException.badRequest("body", "body must be an object (sent as a form) or a string");
            }
        }
        String query = r.query() == null || r.query().isEmpty() ? "" : "?" + form(r.query());
        return http.send(method, http.url(domain, path + query), headers, body);
    }

    private static String form(JsonNode object) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return form(m);
    }

    /** name=value&… form encoding; list values repeat the name (Twilio's StatusCallbackEvent, MediaUrl…). */
    private static String form(Map<String, JsonNode> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((name, value) -> {
            if (value == null || value.isNull()) {
                return;
            }
            Iterable<JsonNode> values = value.isArray() ? value : List.of(value);
            for (JsonNode v : values) {
                if (v.isContainerNode()) {
                    throw ApiException.badRequest(name, "parameter '" + name + "' must be a string, number or list");
                }
                if (!b.isEmpty()) {
                    b.append('&');
                }
                b.append(enc(name)).append('=').append(enc(v.asText()));
            }
        });
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
