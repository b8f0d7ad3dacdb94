package web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Checks {@code Authorization: Bearer <callout.api.token>} on every /api request: the real request header only, never
 * a query parameter of that name (platform-http turns those into headers too, and query strings end up in logs).
 */
public final class BearerAuth implements Processor {

    private final byte[] token;

    public BearerAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void process(Exchange exchange) {
        String header = HttpRequest.header(exchange.getIn(), "Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "missing bearer token", "Authorization");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, given)) {
            throw new ApiException(401, "invalid bearer token", "Authorization");
        }
        exchange.getIn().removeHeader("Authorization");
    }
}
