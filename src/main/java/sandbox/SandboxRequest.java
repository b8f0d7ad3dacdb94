package sandbox;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request to the sandbox, independent of the HTTP server that received it.
 *
 * @param method  HTTP method
 * @param path    path below {@code /sandbox}, e.g. {@code /twilio/2010-04-01/Accounts/AC…/Messages.json}; segments
 *                may still be URL-encoded ({@code %2B12223334444})
 * @param query   query parameters (decoded)
 * @param form    form parameters (decoded) of a form-encoded body
 * @param headers request headers (names matched case-insensitively)
 * @param body    raw body for JSON requests, or null
 */
public record SandboxRequest(String method, String path, Map<String, List<String>> query,
                             Map<String, List<String>> form, Map<String, String> headers, String body) {

    public SandboxRequest {
        method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        path = path == null ? "/" : path;
        query = query == null ? Map.of() : query;
        form = form == null ? Map.of() : form;
        headers = headers == null ? Map.of() : headers;
    }

    /** A header value by case-insensitive name, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** First value of a form or else query parameter, or null. */
    public String param(String name) {
        List<String> v = form.get(name);
        if (v == null || v.isEmpty()) {
            v = query.get(name);
        }
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Every value of a form or else query parameter. */
    public List<String> params(String name) {
        List<String> v = form.get(name);
        if (v == null || v.isEmpty()) {
            v = query.get(name);
        }
        return v == null ? List.of() : v;
    }
}
