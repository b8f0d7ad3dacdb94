package web;

import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * What the HTTP request itself said, as opposed to Camel's message headers: platform-http copies every query
 * parameter into a header of the same name, so {@code ?Authorization=Bearer%20…} looked exactly like the real
 * header. A secret is read here from the request's own headers, and a URI is logged without its query.
 */
public final class HttpRequest {

    private HttpRequest() {
    }

    /** The request header {@code name} as the client sent it, or null (also when this is not an HTTP request). */
    public static String header(Message message, String name) {
        return message instanceof HttpMessage http && http.getRequest() != null
                ? http.getRequest().getHeader(name) : null;
    }

    /** The peer address of the connection (not X-Forwarded-For, which any caller can write), or null. */
    public static String remoteAddress(Message message) {
        return message instanceof HttpMessage http && http.getRequest() != null
                && http.getRequest().remoteAddress() != null ? http.getRequest().remoteAddress().hostAddress() : null;
    }

    /** {@code uri} without its query string, which may hold a token or a password: the form to log or audit. */
    public static String loggable(Object uri) {
        if (uri == null) {
            return null;
        }
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?…";
    }
}
