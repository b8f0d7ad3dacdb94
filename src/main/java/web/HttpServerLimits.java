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

    /** A Vert.x instance whose HTTP servers have these limits; {@code close()} the result's delegate on stop. */
    public static Vertx vertx(Vertx real, Duration idleTimeout, int maxHeaderSize) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = real.getClass(); c != null; c = c.getSuperclass()) {
            interfaces.addAll(Set.of(c.getInterfaces()));
        }
        interfaces.add(Vertx.class);
        return (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), interfaces.toArray(Class<?>[]::new),
                (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer") && args != null && args.length == 1
                            && args[0] instanceof HttpServerOptions options) {
                        options.setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                                .setMaxHeaderSize(maxHeaderSize);
                        return real.createHttpServer(options);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
