package web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Limits on Callout's HTTP server that camel-platform-http-vertx 4.17 has no option for (it builds a bare
 * {@code new HttpServerOptions()}): an idle timeout, so a client that stops sending in the middle of its headers or
 * body is disconnected (500 such connections stayed open 90 s), and the largest request head. The server is built by the Vert.x instance it finds in the
 * registry; this is that instance, passing every call through and setting the limits on the server it creates.
 */
public final class HttpServerLimits {

    private HttpServerLimits() {
    }

    /** Sets the idle timeout and the largest request head on the options a server is created with. */
    public static java.util.function.Consumer<HttpServerOptions> of(Duration idleTimeout, int maxHeaderSize) {
        return options -> options.setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize(maxHeaderSize);
    }
}
