package web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.transports.JDKTransport;
import io.vertx.core.impl.VertxWrapper;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {"error", "field"} JSON for the errors Vert.x answers before any Camel route runs, which it sent as plain text or
 * with no body: 413 (a body over camel.server.max-body-size, failed by the router's body handler) and 414 / 431 /
 * 400 (a request line or headers the HTTP decoder refused). camel-platform-http-vertx creates its HTTP server
 * with {@code new HttpServerOptions()} and no hook, but it takes the Vert.x instance from the registry: {@link
 * #install} binds one whose HTTP servers get the configured limits and an invalid-request handler, and adds {@link #failure} to the router.
 */
public final class HttpServerErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerErrors.class);

    private HttpServerErrors() {
    }

    /**
     * Binds the Vert.x the platform-http server will use (its HTTP servers capped at {@code cap}'s connections), adds {@link #failure} to its router once Camel has started
     * (the router exists from then on), and closes that Vert.x after Camel has stopped (the server is Camel's and
     * stops first; a Vert.x from the registry is not closed by Camel).
     */
    public static void install(CamelContext context, java.util.function.Consumer<HttpServerOptions> limits,
            ConnectionCap cap) {
        // Vertx.vertx() with the default (JDK) transport wrapped to cap the HTTP server's connections
        Vertx vertx = new JsonErrorsVertx((VertxInternal) new VertxBuilder(new VertxOptions())
                .findTransport(cap.transport(JDKTransport.INSTANCE)).init().vertx(), limits);
        context.getRegistry().bind("httpConnectionCap", cap);
        context.getRegistry().bind("calloutVertx", vertx);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarted(CamelContext started) {
                for (VertxPlatformHttpRouter router : started.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
                    router.route().failureHandler(HttpServerErrors::failure);
                }
            }

            @Override
            public void onContextStopped(CamelContext stopped) {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    LOG.warn("Vert.x did not close within 10 s: {}", e.toString());
                }
            }
        });
    }

    /** Vert.x's own extension point for this: a delegating Vertx that changes only how servers are made. */
    private static final class JsonErrorsVertx extends VertxWrapper {

        private final java.util.function.Consumer<HttpServerOptions> limits;

        JsonErrorsVertx(VertxInternal delegate, java.util.function.Consumer<HttpServerOptions> limits) {
            super(delegate);
            this.limits = limits;
        }

        @Override
        public HttpServer createHttpServer(HttpServerOptions options) {
            // the server's limits (idle timeout, head size: see HttpServerLimits) on the options Camel made
            limits.accept(options);
            return super.createHttpServer(options).invalidRequestHandler(invalidRequest(options));
        }

        @Override
        public HttpServer createHttpServer() {
            return createHttpServer(new HttpServerOptions());
        }
    }

    /** Like Vert.x's default invalid-request handler (same statuses, connection closed after), with a JSON body. */
    static Handler<HttpServerRequest> invalidRequest(HttpServerOptions options) {
        return request -> {
            Throwable cause = request.decoderResult().cause();
            int status;
            String error;
            if (cause instanceof TooLongHttpLineException) {
                status = 414;
                error = "request line longer than " + options.getMaxInitialLineLength() + " bytes";
            } else if (cause instanceof TooLongHttpHeaderException) {
                status = 431;
                error = "request headers larger than " + options.getMaxHeaderSize() + " bytes";
            } else if (cause instanceof TooLongFrameException) {
                status = 400;
                error = "request part too large: " + cause.getMessage();
            } else {
                status = 400;
                error = "malformed HTTP request";
            }
            HttpServerResponse response = request.response();
            // say so before closing: a client that pooled the connection must not send its next request on it
            response.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close").end(body(status, error));
            response.close();
        };
    }

    /** Router failure handler: a failure no Camel route answered (the body handler's 413 above all) as JSON. */
    public static void failure(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        int status = ctx.statusCode() != -1 ? ctx.statusCode()
                : ctx.failure() instanceof HttpException http ? http.getStatusCode() : 500;
        String error = switch (status) {
            case 413 -> "request body larger than camel.server.max-body-size";
            case 500 -> "internal error";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT);
        };
        if (status >= 500) {
            LOG.error("Unhandled error on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (status == 413) {
            // the rest of an oversize body is not read: the connection ends with this answer, and says so
            response.putHeader("Connection", "close");
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body(status, error));
    }

    private static Buffer body(int status, String error) {
        try {
            return Buffer.buffer(Json.MAPPER.writeValueAsBytes(new ApiError(status, error, null).body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
