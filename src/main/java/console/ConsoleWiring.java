package console;

import alarm.AlarmService;
import alarm.AlarmStore;
import app.CalloutConfig;
import audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console's beans, its first admin, and its Vert.x handlers once the HTTP server is up. */
public final class ConsoleWiring {

    private static final Logger LOG = LoggerFactory.getLogger("callout");

    private ConsoleWiring() {
    }

    public static void bind(CamelContext context, CalloutConfig cfg, Jdbi jdbi, AlarmService alarms, AlarmStore store,
                            AuditLog audit, db.GroupCommit writes, Clock clock, String apiToken) throws Exception {
        Registry registry = context.getRegistry();
        Accounts accounts = new Accounts(jdbi);
        ConsoleSessions sessions = new ConsoleSessions(accounts, clock, duration(context, "callout.console.session-idle", "PT12H"));
        AlarmFeed feed = new AlarmFeed(jdbi, alarms, duration(context, "callout.console.feed-interval", "PT0.2S"));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                feed.close();
            }
        });
        registry.bind("consoleAccounts", accounts);
        registry.bind("consoleSessions", sessions);
        registry.bind("consoleSessionCheck", new SessionCheck(sessions));
        registry.bind("consoleCookies", new routes.ConsoleRoute.Cookies(cfg.publicUrl().startsWith("https:")));
        registry.bind("consoleAlarms", new ConsoleAlarms(alarms, store, audit, jdbi, writes, clock));
        ConsoleWeb web = new ConsoleWeb(sessions, feed, apiToken);
        String adminPassword = context.getPropertiesComponent().resolveProperty("callout.console.admin-password").orElse("");
        context.addStartupListener((ctx, alreadyStarted) -> {
            if (alreadyStarted) {
                return;
            }
            // the migrations ran when the routes' beans opened the database; the users table has V13's columns now
            try {
                String generated = accounts.ensureAdmin(adminPassword);
                if (generated != null) {
                    LOG.warn("Console: created user 'admin' with password {} (shown once; change it on the Users page, "
                            + "or set callout.console.admin-password)", generated);
                }
            } catch (RuntimeException e) {
                // the alarm service runs without a console admin; say why nobody can sign in
                LOG.error("Console: could not set up user 'admin': {}", e.toString());
            }
            VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(ctx,
                    VertxPlatformHttpRouter.getRouterNameFromPort(cfg.port()));
            if (router == null) {
                LOG.warn("Console: no platform-http router for port {}; the console is off", cfg.port());
                return;
            }
            web.register(router, router.vertx());
            LOG.info("Console at {}/", cfg.publicUrl());
        });
    }

    private static Duration duration(CamelContext context, String key, String fallback) {
        return Duration.parse(context.getPropertiesComponent().resolveProperty(key).orElse(fallback));
    }
}
