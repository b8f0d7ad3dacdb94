package console;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import web.ApiException;

/**
 * The console's Vert.x handlers on platform-http's router: its pages and assets (from the jar, with a strict
 * Content-Security-Policy), the server-sent event stream of alarm changes, and the gateway that lets a signed-in
 * session use the /api and /sandbox routes (same routes, same validation) without knowing the bearer token.
 * These sit on Vert.x directly because a Camel exchange answers once, and an event stream never ends.
 */
public final class ConsoleWeb {

    /** No inline script or style anywhere: everything comes from this origin. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final Map<String, String> ASSETS = Map.of(
            "/console/static/app.js", "console/app.js",
            "/console/static/app.css", "console/app.css",
            "/console/static/chart.umd.js", "META-INF/resources/webjars/chart.js/" + ChartJs.VERSION + "/dist/chart.umd.js");

    private final ConsoleSessions sessions;
    private final AlarmFeed feed;
    private final String apiToken;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public ConsoleWeb(ConsoleSessions sessions, AlarmFeed feed, String apiToken) {
        this.sessions = sessions;
        this.feed = feed;
        this.apiToken = apiToken;
    }

    public void register(Router router, Vertx vertx) {
        router.route(HttpMethod.GET, "/").handler(ctx -> asset(ctx, "console/index.html", "text/html; charset=utf-8"));
        router.route(HttpMethod.GET, "/console/static/*").handler(ctx -> {
            String res = ASSETS.get(ctx.normalizedPath());
            if (res == null) {
                error(ctx, new ApiException(404, "no such file", null));
            } else {
                asset(ctx, res, res.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
            }
        });
        router.route(HttpMethod.GET, "/console/events").handler(ctx -> events(ctx, vertx));
        router.route("/console/api/*").handler(this::gateway);
        router.route("/console/sandbox/*").handler(this::gateway);
    }

    /** Checks the session, CSRF token and role, then runs the request through the /api (or /sandbox) route. */
    private void gateway(RoutingContext ctx) {
        String method = ctx.request().method().name();
        String path = ctx.normalizedPath();
        try {
            sessions.authorize(method, path, ctx.request().getHeader("Cookie"), ctx.request().getHeader("X-CSRF-Token"));
            if (path.matches("/console/api/alarms/[^/]+/ack/?")) {
                // acknowledging as someone else: the console acknowledges as the signed-in user only
                throw new ApiException(403, "acknowledge with POST /console/alarms/{id}/ack", null);
            }
        } catch (ApiException e) {
            error(ctx, e);
            return;
        }
        ctx.request().headers().remove("Cookie").remove("X-CSRF-Token")
                .set("Authorization", "Bearer " + apiToken);
        String query = ctx.request().query();
        ctx.reroute(ctx.request().method(), path.substring("/console".length()) + (query == null ? "" : "?" + query));
    }

    private void events(RoutingContext ctx, Vertx vertx) {
        Optional<Session> s = sessions.find(ctx.request().getHeader("Cookie"));
        if (s.isEmpty()) {
            error(ctx, new ApiException(401, "sign in first", null));
            return;
        }
        HttpServerResponse res = ctx.response();
        res.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff");
        AlarmFeed.Watcher w = json -> {
            if (res.closed() || res.ended()) {
                return false;
            }
            res.write("event: alarm\ndata: " + json + "\n\n");
            return true;
        };
        // watching starts before the page hears the stream is open, and the page loads the board only then:
        // a change is either in that load or in the stream
        feed.watch(w);
        res.write("retry: 2000\n: connected\n\n");
        // a comment now and then keeps proxies from closing an idle stream
        long ping = vertx.setPeriodic(20_000, id -> {
            if (!res.closed() && !res.ended()) {
                res.write(": ping\n\n");
            }
        });
        res.closeHandler(v -> {
            feed.unwatch(w);
            vertx.cancelTimer(ping);
        });
    }

    private void asset(RoutingContext ctx, String resource, String type) {
        byte[] body = cache.computeIfAbsent(resource, ConsoleWeb::load);
        headers(ctx.response())
                .putHeader("Content-Type", type)
                .putHeader("Cache-Control", resource.endsWith(".html") ? "no-cache" : "max-age=3600")
                .end(io.vertx.core.buffer.Buffer.buffer(body));
    }

    /** The security headers of every console page and asset. */
    public static HttpServerResponse headers(HttpServerResponse res) {
        return res.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
    }

    private static byte[] load(String resource) {
        try (InputStream in = ConsoleWeb.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void error(RoutingContext ctx, ApiException e) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("field", e.field());
        try {
            ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json")
                    .end(io.vertx.core.buffer.Buffer.buffer(web.Json.MAPPER.writeValueAsBytes(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }
}
