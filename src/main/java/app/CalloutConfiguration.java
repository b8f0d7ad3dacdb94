package app;

import com.twilio.http.TwilioRestClient;
import com.zaxxer.hikari.HikariDataSource;
import db.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ack.AckService;
import ack.ConsoleAck;
import alarm.AlarmPayloads;
import alarm.AlarmService;
import alarm.AlarmStore;
import alarm.RosterRouting;
import audit.AuditApi;
import audit.AuditLog;
import escalation.EscalationService;
import escalation.OnCallLookup;
import heartbeat.HeartbeatService;
import maintenance.MaintenanceService;
import roster.User;
import java.time.ZoneOffset;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import sandbox.SandboxConfig;
import sandbox.TwilioSandbox;
import stats.OpsMetrics;
import stats.StatsWiring;
import notify.Notifier;
import roster.Roster;
import roster.RosterService;
import twilio.SignatureCheck;
import script.CallScripts;
import webhook.ScriptApi;
import webhook.Scripted;
import webhook.SmsWebhook;
import webhook.VoiceWebhook;
import webhook.WebhookFailures;
import twilio.TwilioClients;
import twilio.TwilioProfile;
import twilio.TwilioProfiles;
import web.BearerAuth;

/** Builds Callout's beans from its properties and binds them into Camel's registry before routes start. */
public class CalloutConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("callout");

    @Override
    public void configure(CamelContext context) throws Exception {
        // a bad value or a taken port stops the start here, in one line, before anything is opened
        Settings.check(key -> context.getPropertiesComponent().resolveProperty(key));
        CalloutConfig cfg = CalloutConfig.from(key -> context.getPropertiesComponent().resolveProperty(key));
        Settings.requireFreePort(context.getPropertiesComponent().resolveProperty("camel.server.host").orElse("0.0.0.0"),
                cfg.port());
        Registry registry = context.getRegistry();
        registry.bind("calloutConfig", cfg);

        Files.createDirectories(cfg.dataDir());
        String apiToken = apiToken(cfg);
        registry.bind("bearerAuth", new BearerAuth(apiToken));
        // the HTTP server's Vert.x: its idle timeout and head size, and requests refused before any route runs
        // (413, 414, 431) get JSON errors too
        web.HttpServerErrors.install(context, web.HttpServerLimits.of(
                duration(context, "callout.http.idle-timeout", "PT30S"),
                Settings.count("callout.http.max-header-size", context.getPropertiesComponent()
                        .resolveProperty("callout.http.max-header-size").orElse("8192"))),
                new web.ConnectionCap((Integer) Settings.parse("callout.http.max-connections", context
                        .getPropertiesComponent().resolveProperty("callout.http.max-connections").orElse("1000"),
                        Settings.Kind.COUNT_OR_ZERO)));

        HikariDataSource dataSource = Database.open(cfg.dbUrl(), cfg.dbUser(), cfg.dbPassword(), 10);
        context.addService(new Closer(dataSource));
        registry.bind("dataSource", dataSource);
        Jdbi jdbi = Jdbi.create(dataSource);
        registry.bind("jdbi", jdbi);
        // embedded H2 file database: chunk compaction while running, an fsync every sync interval after which H2 may
        // reuse the space of chunks that died before it, with a short retention (see H2Maintenance); stops after the
        // writers (services stop in reverse order), before the pool: H2 must not close with a version registered
        db.H2Maintenance maintenance = db.H2Maintenance.startIfH2(cfg.dbUrl(), dataSource,
                duration(context, "callout.db.h2-compact-interval", "PT0.25S"),
                duration(context, "callout.db.h2-sync-interval", "PT0.25S"),
                duration(context, "callout.db.h2-retention", "PT1S"));
        if (maintenance != null) {
            context.addService(new Closer(maintenance));
        }
        // durable writes of the alarm pipeline, committed in groups (see GroupCommit)
        // under load a writer waits this long for more units before it commits (see GroupCommit.linger)
        Duration linger = duration(context, "callout.db.commit-linger", db.GroupCommit.DEFAULT_LINGER.toString());
        // writer threads per group commit: one suits H2 (one MVStore commit at a time); on PostgreSQL each statement
        // of a unit is a round trip, which one writer runs one after the other (see bench/README.md, issue #19)
        int writers = Settings.count("callout.db.writers", context.getPropertiesComponent()
                .resolveProperty("callout.db.writers").orElse("1"));
        db.GroupCommit writes = new db.GroupCommit(jdbi, writers, 256, linger);
        // what Twilio tells about notifications already placed (SIDs, statuses, statistics) commits on a writer of
        // its own, so a backlog of status callbacks never delays a new alarm's intake
        db.GroupCommit outcomes = new db.GroupCommit(jdbi, writers, 256, linger);
        context.addService(new Closer(writes, outcomes));
        registry.bind("groupCommit", writes);
        registry.bind("groupCommitOutcomes", outcomes);

        // leadership of singleton routes (master: endpoints); after the pool, so it stops (releasing leases) first
        cluster.ClusterWiring.addTo(context, jdbi, cfg.dataDir());

        TwilioProfiles profiles = TwilioClients.profiles(cfg, context.getPropertiesComponent());
        registry.bind("twilioProfiles", profiles);
        TwilioRestClient twilio = TwilioClients.create(profiles);
        registry.bind("twilioRestClient", twilio);
        // readiness checks (database, brokers; Twilio reported, not fatal) for /observe/health/ready
        health.HealthWiring.bind(context, dataSource, twilio);

        registry.bind("objectMapper", web.Json.MAPPER);
        // who schedules have on call: the bean "onCallLookup" when a test binds one, else the schedules (bound below)
        OnCallLookup found = registry.lookupByNameAndType("onCallLookup", OnCallLookup.class);
        schedule.ScheduleOnCall scheduleOnCall = new schedule.ScheduleOnCall();
        OnCallLookup onCall = found != null ? found : scheduleOnCall;
        if (found == null) {
            registry.bind("onCallLookup", onCall);
        }
        RosterService rosters = new RosterService(jdbi, onCall::exists);
        registry.bind("rosterService", rosters);
        rosters.checkProfilesWith(name -> profiles.find(name).isPresent());
        registry.bind("messageSender", new messaging.MessageSender(profiles, cfg.publicUrl()));
        broker.BrokerWiring.bind(context, key -> context.getPropertiesComponent().resolveProperty(key));

        // statistics and metrics: camel-micrometer-prometheus serves the registry named metricsRegistry
        PrometheusMeterRegistry meters = registry.lookupByNameAndType("metricsRegistry", PrometheusMeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meters);
        }
        context.getManagementStrategy().addEventNotifier(new stats.InflightGauges(context, meters));
        StatsWiring stats = new StatsWiring(dataSource, meters);
        registry.bind("statsWiring", stats);
        registry.bind("statsService", stats.service());
        registry.bind("statsApi", new stats.StatsApi(stats.service()));
        registry.bind("profileStats", new stats.ProfileStats(jdbi, sid -> sid == null ? TwilioProfiles.DEFAULT
                : profiles.byAccountSid(sid).map(TwilioProfile::name).orElse(null),
                profiles.all().stream().map(TwilioProfile::name).toList()));
        web.ConnectionCap cap = registry.lookupByNameAndType("httpConnectionCap", web.ConnectionCap.class);
        if (cap != null) {
            io.micrometer.core.instrument.FunctionCounter.builder("callout.http.connections.refused", cap,
                    web.ConnectionCap::refused).description("HTTP connections closed at accept: the cap was reached")
                    .register(meters);
            io.micrometer.core.instrument.Gauge.builder("callout.http.connections.open", cap, web.ConnectionCap::open)
                    .description("HTTP connections open").register(meters);
        }
        OpsMetrics ops = stats.opsMetrics();
        registry.bind("opsMetrics", ops);

        // alarm pipeline, on one clock for every decision (escalation, contact rules, heartbeats, maintenance,
        // lockouts): a test binds its own movable "clock" before start
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            registry.bind("clock", clock);
        }
        // on-call schedules: the policies' schedule targets; a schedule a policy still targets cannot be deleted
        schedule.ScheduleService schedules = new schedule.ScheduleService(jdbi, rosters, clock, cfg.publicUrl());
        schedules.setReferencedBy(rosters::rostersTargeting);
        scheduleOnCall.use(schedules);
        registry.bind("scheduleService", schedules);
        AuditLog audit = new AuditLog(jdbi, writes, clock);
        registry.bind("auditLog", audit);
        registry.bind("auditApi", new AuditApi(audit));
        // data retention (route data-retention): closed alarms and old history deleted in small batches
        registry.bind("retention", new db.Retention(jdbi, clock, duration(context, "callout.retention", "P90D"),
                Settings.count("callout.retention.batch",
                        context.getPropertiesComponent().resolveProperty("callout.retention.batch").orElse("500"))));
        AlarmStore alarmStore = new AlarmStore(jdbi, new db.Jdbc(dataSource));
        registry.bind("alarmStore", alarmStore);
        // events out to seda:callout-events for user routes (free while no route listens)
        events.SedaEvents sedaEvents = new events.SedaEvents(context);
        events.EventPublisher events = new events.EventPublisher(sedaEvents, sedaEvents, alarmStore::alarm, clock);
        context.addService(new Closer(events));
        registry.bind("events", events);
        audit.listen(events::audited);
        RosterRouting routing = new RosterRouting(key -> context.getPropertiesComponent().resolveProperty(key),
                name -> rosters.findRoster(name).isPresent(), cfg.defaultRoster());
        // work in flight belongs to this run through a lease (see cluster.Leases); released at a clean stop
        cluster.Leases leases = new cluster.Leases(jdbi, outcomes, clock,
                context.getPropertiesComponent().resolveProperty("callout.instance-id").orElse(""),
                duration(context, "callout.cluster.lease", "PT30S"));
        leases.start();
        context.addService(new Closer(leases));
        registry.bind("leases", leases);
        EscalationService escalation = new EscalationService(jdbi, writes, rosters, audit, clock,
                cfg.escalationDelay(), cfg.escalationRounds(), onCall, leases.owner());
        registry.bind("escalation", escalation);
        // maintenance windows: intake asks them whether a new alarm is suppressed
        MaintenanceService windows = new MaintenanceService(jdbi, writes, escalation, audit, clock);
        windows.start();
        registry.bind("maintenance", windows);
        AlarmService alarms = new AlarmService(alarmStore, writes, escalation, new AlarmPayloads(), routing, audit,
                clock, ops::acknowledged, windows);
        registry.bind("alarmService", alarms);
        registry.bind("heartbeats", new HeartbeatService(jdbi, audit, clock, name -> rosters.findRoster(name).isPresent()));
        // Twilio refusing (after retries) holds notifications and shows in /observe/health as the check "twilio"
        twilio.TwilioHealth twilioHealth = new twilio.TwilioHealth(clock);
        org.apache.camel.health.HealthCheckRegistry.get(context)
                .register(new twilio.TwilioHealthCheck(twilioHealth));
        // call scripts (voice, sms) and scripts/texts.groovy, which words the texts Callout sends on its own (alarm
        // SMS times in each reader's zone)
        CallScripts scripts = new CallScripts(cfg.scriptsDir(), cfg.scriptTimeout());
        context.addService(new Closer(scripts));
        notify.Wording wording = new notify.Wording(scripts, audit, ops::scriptError, rosters::findUser,
                timeZone(context));
        // storm control: bundles per person and window, rate limits per phone (on the notification rows' writer)
        storm.StormControl stormControl = new storm.StormControl(outcomes, alarmStore, audit, clock,
                duration(context, "callout.bundle.window", "PT2M"),
                storm.ContactLimits.parse("callout.limits.sms", property(context, "callout.limits.sms", "5/PT15M,11/PT1H")),
                storm.ContactLimits.parse("callout.limits.voice", property(context, "callout.limits.voice", "3/PT15M,7/PT1H")));
        registry.bind("stormControl", stormControl);
        Notifier notifier = new Notifier(alarmStore, outcomes, escalation, audit, wording, clock,
                cfg.fromNumber(), cfg.publicUrl(), 30, ops::notification, stats.events(), twilioHealth);
        registry.bind("notifier", notifier);
        if (profiles.all().size() > 1) {
            // a roster's profile: its number and account (one cached roster read; null = the default profile)
            notifier.useProfiles(roster -> roster == null ? null : rosters.findRoster(roster).map(Roster::profile)
                    .flatMap(profiles::find).orElse(null));
        }
        registry.bind("resendGuard", new notify.ResendGuard(twilio, notifier, alarmStore));
        registry.bind("heldRetry", new notify.HeldRetry(jdbi, outcomes, audit, clock,
                duration(context, "callout.twilio.hold-retry", "PT30S"), leases::owner));
        registry.bind("reconciler", new notify.Reconciler(twilio, notifier, jdbi, outcomes, clock,
                duration(context, "callout.twilio.reconcile-after", "PT5M")));
        AckService acks = new AckService(jdbi, rosters, alarms, audit, clock);
        registry.bind("ackService", acks);
        registry.bind("consoleAck", new ConsoleAck(alarms, rosters));

        console.ConsoleWiring.bind(context, cfg, jdbi, alarms, alarmStore, audit, writes, clock, apiToken);

        // webhooks
        registry.bind("twilioSignature", new SignatureCheck(profiles, cfg.publicUrl()));
        webhook.RejectedWebhooks rejections = new webhook.RejectedWebhooks(jdbi, audit, ops::webhookRejected, clock);
        context.addService(new Closer(rejections));
        registry.bind("rejectedWebhooks", rejections);
        registry.bind("webhookFailures", new WebhookFailures(audit, rejections));
        ScriptSms scriptSms = new ScriptSms(context, cfg.fromNumber(), cfg.publicUrl());
        ScriptApi scriptApi = new ScriptApi(alarmStore, rosters, acks, scriptSms, stats.service()::getUser);
        // "ACK by ann 03:14: ..." / "CLEARED 03:40: ..." to the others notified of an alarm
        notify.OutcomeNotices notices = new notify.OutcomeNotices(alarmStore, rosters::findUser, wording, stormControl,
                scriptSms, clock, duration(context, "callout.notices.merge", "PT3S"),
                timeZone(context), flag(context, "callout.notices.ack"), flag(context, "callout.notices.clear"));
        context.addService(new Closer(notices));
        audit.listen(notices::audited);
        Scripted scripted = new Scripted(scripts, audit, ops::scriptError);
        registry.bind("voiceWebhook", new VoiceWebhook(alarmStore, rosters, acks, scripted, scriptApi, cfg.voice(),
                cfg.language(), timeZone(context), wording::words));
        registry.bind("smsWebhook", new SmsWebhook(alarmStore, rosters, acks, scripted, scriptApi, audit,
                wording::words));

        if (cfg.sandbox()) {
            TwilioSandbox sandbox = new TwilioSandbox(new SandboxConfig(cfg.accountSid(), cfg.authToken(),
                    cfg.fromNumber(), cfg::publicUrl, duration(context, "callout.sandbox.step-delay", "PT0.02S")));
            registry.bind("twilioSandbox", sandbox);
            // in sandbox mode every named profile is one more simulated account (its own SID, token and number)
            profiles.all().stream().filter(p -> !p.name().equals(TwilioProfiles.DEFAULT))
                    .forEach(p -> sandbox.addAccount(new sandbox.SandboxAccount(p.accountSid(), p.authToken(),
                            p.fromNumber(), p.signalWire(), p.webhookKey())));
            context.addService(new Closer(sandbox));
            LOG.warn("SANDBOX MODE: no callout.twilio.account-sid configured; SMS and calls go to the in-process "
                    + "Twilio simulator at {}/sandbox (account {}, from {})", cfg.publicUrl(), cfg.accountSid(),
                    cfg.fromNumber());
        } else {
            LOG.info("Twilio account {} from {}{}", cfg.accountSid(), cfg.fromNumber(),
                    cfg.apiBase().map(b -> " via " + b).orElse(""));
        }
        context.addStartupListener((ctx, alreadyStarted) -> {
            if (!alreadyStarted) {
                LOG.info("Callout listening on port {} (public URL {}); API token: {}", cfg.port(), cfg.publicUrl(),
                        cfg.apiToken().isBlank() ? apiToken + " (also in " + tokenFile(cfg) + ")" : "as configured");
            }
        });
    }

    /** The configured token, else the one in data/api-token, else a new one written there. */
    private static String apiToken(CalloutConfig cfg) throws IOException {
        if (!cfg.apiToken().isBlank()) {
            return cfg.apiToken();
        }
        Path file = tokenFile(cfg);
        if (Files.exists(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!existing.isEmpty()) {
                return existing;
            }
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Path tmp = file.resolveSibling("api-token.tmp");
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return token;
    }

    private static Path tokenFile(CalloutConfig cfg) {
        return cfg.dataDir().resolve("api-token");
    }

    /** An ISO-8601 duration property, or {@code fallback} when it is not set. */
    private static Duration duration(CamelContext context, String key, String fallback) {
        return Settings.duration(key, context.getPropertiesComponent().resolveProperty(key).orElse(fallback));
    }

    private static String property(CamelContext context, String key, String fallback) {
        return context.getPropertiesComponent().resolveProperty(key).orElse(fallback);
    }

    /** A true/false property, true when not set. */
    private static boolean flag(CamelContext context, String key) {
        return Settings.enabled(key, context.getPropertiesComponent().resolveProperty(key).orElse("true"));
    }

    /** {@code callout.time-zone}: the zone of times in texts for users without one of their own (default: the host's). */
    private static java.time.ZoneId timeZone(CamelContext context) {
        String zone = context.getPropertiesComponent().resolveProperty("callout.time-zone").orElse("").strip();
        try {
            return zone.isEmpty() ? java.time.ZoneId.systemDefault() : java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("callout.time-zone=" + zone + ": expected a time zone such as "
                    + "Europe/Amsterdam or UTC", e);
        }
    }

    /** Closes what Callout opened when Camel stops. */

    static final class Closer extends ServiceSupport {
        private final AutoCloseable[] closeables;

        Closer(AutoCloseable... closeables) {
            this.closeables = closeables;
        }

        @Override
        protected void doStop() throws Exception {
            for (AutoCloseable c : closeables) {
                c.close();
            }
        }
    }
}
