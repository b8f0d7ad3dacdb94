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
 * (a sandbox or a Twilio-compatible mock); the SDK itself has no base-URL option. With {@link TwilioProfiles} it
 * also picks the profile by the account SID in the URL ({@code /Accounts/{Sid}/...}, which camel-twilio's
 * {@code pathAccountSid} sets): that profile's base URL and credentials, so one SDK client serves every profile.
 */
public class BaseUrlHttpClient extends NetworkHttpClient {

    private static final Pattern TWILIO_HOST = Pattern.compile("^https://[a-z0-9.-]*\\.twilio\\.com(?=/|$)");

    private static final Pattern ACCOUNT = Pattern.compile("/Accounts/([^/]+?)(?:\\.json)?(?=/|$|\\?)");

    private final Supplier<String> baseUrl;
    private final TwilioProfiles profiles;

    /** @param baseUrl supplies the replacement base, e.g. {@code http://localhost:8080/sandbox/twilio} */
    public BaseUrlHttpClient(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.profiles = null;
    }

    /** Each request goes to the base URL, with the credentials, of the profile whose account its URL names. */
    public BaseUrlHttpClient(TwilioProfiles profiles) {
        this.baseUrl = null;
        this.profiles = profiles;
    }

    @Override
    public Response makeRequest(Request request) {
        if (profiles == null) {
            return super.makeRequest(rewrite(request));
        }
        TwilioProfile p = profileOf(request.getUrl());
        String url = p.apiBase().map(base -> rewriteUrl(request.getUrl(), base)).orElse(request.getUrl());
        return super.makeRequest(copy(request, url, p.accountSid(), p.authToken()));
    }

    /** The profile whose account SID the URL names; the default one for URLs naming none (Monitor alerts). */
    TwilioProfile profileOf(String url) {
        Matcher m = ACCOUNT.matcher(url);
        return (m.find() ? profiles.byAccountSid(m.group(1)) : java.util.Optional.<TwilioProfile>empty())
                .orElse(profiles.defaultProfile());
    }

    /** The request with its Twilio host replaced; region and edge are not copied (they would rename the host). */
    Request rewrite(Request request) {
        String url = rewriteUrl(request.getUrl());
        if (url.equals(request.getUrl())) {
            return request;
        }
        return copy(request, url, null, null);
    }

    /** A copy of {@code request} for {@code url}, with the given credentials (null: the request's own). */
    private static Request copy(Request request, String url, String user, String password) {
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
        if (user != null) {
            copy.setAuth(user, password);
        } else if (request.getAuthStrategy() != null) {
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
        String rest = url.substring(m.end());
        // a paging URI a SignalWire space handed back may already carry its /api/laml prefix: not twice
        if (base.endsWith(TwilioProfile.SIGNALWIRE_PREFIX) && rest.startsWith(TwilioProfile.SIGNALWIRE_PREFIX + "/")) {
            rest = rest.substring(TwilioProfile.SIGNALWIRE_PREFIX.length());
        }
        return base + rest;
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
