package twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio SDK HTTP client that sends every request for {@code https://<host>.twilio.com} to another base URL
 * (a sandbox or a Twilio-compatible mock); the SDK itself has no base-URL option.
 */
public class BaseUrlHttpClient extends NetworkHttpClient {

    private static final Pattern TWILIO_HOST = Pattern.compile("^https://[a-z0-9.-]*\\.twilio\\.com(?=/|$)");

    private final Supplier<String> baseUrl;

    /** @param baseUrl supplies the replacement base, e.g. {@code http://localhost:8080/sandbox/twilio} */
    public BaseUrlHttpClient(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public Response makeRequest(Request request) {
        return super.makeRequest(rewrite(request));
    }

    /** The request with its Twilio host replaced; region and edge are not copied (they would rename the host). */
    Request rewrite(Request request) {
        String url = rewriteUrl(request.getUrl());
        if (url.equals(request.getUrl())) {
            return request;
        }
        Request copy = new Request(request.getMethod(), url);
        copyParams(request.getQueryParams(), copy::addQueryParam);
        copyParams(request.getPostParams(), copy::addPostParam);
        copyParams(request.getHeaderParams(), copy::addHeaderParam);
        if (request.getContentType() != null) {
            copy.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            copy.setBody(request.getBody());
        }
        if (request.getFormParameters() != null) {
            copy.setFormParameters(request.getFormParameters());
        }
        if (request.getUserAgentExtensions() != null) {
            copy.setUserAgentExtensions(request.getUserAgentExtensions());
        }
        if (request.getAuthStrategy() != null) {
            copy.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            copy.setAuth(request.getUsername(), request.getPassword());
        }
        return copy;
    }

    /** {@code https://api.twilio.com/2010-04-01/...} becomes {@code <base>/2010-04-01/...}. */
    public String rewriteUrl(String url) {
        return rewriteUrl(url, baseUrl.get());
    }

    /** {@code url} with its {@code https://<host>.twilio.com} prefix replaced by {@code base}; other URLs unchanged. */
    public static String rewriteUrl(String url, String base) {
        Matcher m = TWILIO_HOST.matcher(url);
        if (!m.find()) {
            return url;
        }
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + url.substring(m.end());
    }

    private interface Adder {
        void add(String name, String value);
    }

    private static void copyParams(Map<String, List<String>> params, Adder adder) {
        if (params != null) {
            params.forEach((name, values) -> values.forEach(v -> adder.add(name, v)));
        }
    }
}
