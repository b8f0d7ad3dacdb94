package twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Twilio SDK always calls https://{api,monitor,…}.twilio.com; this client sends those requests to another
 * base URL instead (the sandbox, or any Twilio-compatible server). Region and edge are not copied on purpose:
 * with an IP host the SDK would rewrite them into the host name.
 */
public class BaseUrlHttpClient extends NetworkHttpClient {

    private static final Pattern TWILIO_HOST = Pattern.compile("^https://[A-Za-z0-9.-]*twilio\\.com");

    private final Supplier<String> baseUrl;

    public BaseUrlHttpClient(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public Response makeRequest(Request request) {
        String url = TWILIO_HOST.matcher(request.getUrl()).replaceFirst(baseUrl.get());
        Request copy = new Request(request.getMethod(), url);
        copyAll(request.getQueryParams(), copy::addQueryParam);
        copyAll(request.getPostParams(), copy::addPostParam);
        copyAll(request.getHeaderParams(), copy::addHeaderParam);
        if (request.getContentType() != null) {
            copy.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            copy.setBody(request.getBody());
        }
        if (request.getAuthStrategy() != null) {
            copy.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            copy.setAuth(request.getUsername(), request.getPassword());
        }
        return super.makeRequest(copy);
    }

    private static void copyAll(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
        from.forEach((k, vs) -> vs.forEach(v -> to.accept(k, v)));
    }
}
