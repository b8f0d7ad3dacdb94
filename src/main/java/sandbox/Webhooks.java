package sandbox;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
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

    private static final ContentType FORM = ContentType.create("application/x-www-form-urlencoded",
            StandardCharsets.UTF_8);

    private final String authToken;
    // Apache HttpClient's classic (blocking) client on the sandbox's sender threads: HTTP/1.1 as Twilio's webhooks
    // are, pooled keep-alive connections, the request and response on the calling thread. The JDK client this
    // replaced handed every exchange to its selector thread and executor and back: at 1,000 alarms/s (2,000 status
    // callbacks a second) those two threads took 12 % of the process's CPU, a cost real Twilio puts on no one here.
    // No automatic retries: a webhook that fails is reported (a notice), as before
    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(256).setMaxConnPerRoute(256)
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(5))
                            .setSocketTimeout(Timeout.ofSeconds(15))
                            // a kept-alive connection the server may have closed is checked before reuse
                            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                            .build())
                    .build())
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(15)).build())
            .setUserAgent("TwilioProxy/1.1")
            .disableAutomaticRetries()
            // as Twilio: no cookie jar shared across calls, no Accept-Encoding it does not send
            .disableCookieManagement()
            .disableContentCompression()
            .build();

    Webhooks(String authToken) {
        this.authToken = authToken;
    }

    Result send(String method, String url, Map<String, String> params) {
        return send(method, url, params, authToken, false);
    }

    /** As Twilio signs for {@code account}; a SignalWire account's webhooks also carry X-SignalWire-Signature. */
    Result send(String method, String url, Map<String, String> params, SandboxAccount account) {
        return account == null ? send(method, url, params)
                : send(method, url, params, account.webhookKey(), account.signalWire());
    }

    private Result send(String method, String url, Map<String, String> params, String authToken, boolean signalWire) {
        try {
            ClassicHttpRequest request;
            if ("GET".equalsIgnoreCase(method)) {
                String full = url + (url.contains("?") ? "&" : "?") + encode(params);
                request = ClassicRequestBuilder.get(full)
                        .setHeader("X-Twilio-Signature", TwilioSignatures.sign(authToken, full, Map.of())).build();
            } else {
                request = ClassicRequestBuilder.post(url)
                        .setHeader("X-Twilio-Signature", TwilioSignatures.sign(authToken, url, params))
                        .setEntity(new StringEntity(encode(params), FORM)).build();
            }
            request.setHeader("Accept", "*/*");
            if (signalWire) {
                request.setHeader("X-SignalWire-Signature", request.getFirstHeader("X-Twilio-Signature").getValue());
            }
            return http.execute(request, r -> new Result(r.getCode(),
                    r.getEntity() == null ? "" : EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8), null));
        } catch (IOException | RuntimeException e) {
            // RuntimeException: a malformed URL, or the client already closed as the sandbox stops
            return new Result(0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Closes the pooled connections. */
    void close() {
        http.close(CloseMode.IMMEDIATE);
    }

    static String encode(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
