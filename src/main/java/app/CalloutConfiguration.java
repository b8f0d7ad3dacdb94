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
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import sandbox.SandboxConfig;
import sandbox.TwilioSandbox;
import stats.OpsMetrics;
import stats.StatsWiring;
import notify.Notifier;
import roster.RosterService;
import twilio.SignatureCheck;
import script.CallScripts;
import webhook.ScriptApi;
import webhook.Scripted;
import webhook.SmsWebhook;
import webhook.VoiceWebhook;
import webhook.WebhookFailures;
import twilio.TwilioClients;
import web.BearerAuth;

/** Builds Callout's beans from its properties and binds them into Camel's registry before routes start. */
public class CalloutConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("callout");

    @Override
    public void configure(CamelContext context) throws Exception {
        CalloutConfig cfg = CalloutConfig.from(key -> context.getPropertiesComponent().resolveProperty(key));
        Registry registry = context.getRegistry();
        registry.bind("calloutConfig", cfg);

        Files.createDirectories(cfg.dataDir());
        String apiToken = apiToken(cfg);
        registry.bind("bearerAuth", new BearerAuth(apiToken));

        HikariDataSource dataSource = Database.open(cfg.dbUrl(), cfg.dbUser(), cfg.dbPassword(), 10);
        context.addService(new Closer(dataSource));
        registry.bind("dataSource", dataSource);
        Jdbi jdbi = Jdbi.create(dataSource);
        registry.bind("jdbi", jdbi);
        // embedded H2 file database: chunk compaction while running (see H2Maintenance), optionally an fsync; stops
        // after the writers (services stop in reverse order), before the pool
        db.H2Maintenance maintenance = db.H2Maintenance.startIfH2(cfg.dbUrl(), dataSource,
                duration(context, "callout.db.h2-compact-interval", "PT1S"),
                duration(context, "callout.db.h2-sync-interval", "PT0S"));
        if (maintenance != null) {
            context.addService(new Closer(maintenance));
        }
        // durable writes of the alarm pipeline, committed in groups (see GroupCommit)
        // under load a writer waits this long for more units before it commits (see GroupCommit.linger)
        Duration linger = duration(context, "callout.db.commit-linger", db.GroupCommit.DEFAULT_LINGER.toString());
        db.GroupCommit writes = new db.GroupCommit(jdbi, 1, 256, linger);
        // what Twilio tells about notifications already placed (SIDs, statuses, statistics) commits on a writer of
        // its own, so a backlog of status callbacks never delays a new alarm's intake
        db.GroupCommit outcomes = new db.GroupCommit(jdbi, 1, 256, linger);
        context.addService(new Closer(writes, outcomes));
        registry.bind("groupCommit", writes);
        registry.bind("groupCommitOutcomes", outcomes);

        TwilioRestClient twilio = TwilioClients.create(cfg.accountSid(), cfg.authToken(), cfg.apiBase());
        registry.bind("twilioRestClient", twilio);

        registry.bind("objectMapper", web.Json.MAPPER);
        RosterService rosters = new RosterService(jdbi);
        registry.bind("rosterService", rosters);
        registry.bind("messageSender", new messaging.MessageSender(cfg.fromNumber(), cfg.publicUrl()));
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
        OpsMetrics ops = stats.opsMetrics();
        registry.bind("opsMetrics", ops);

        // alarm pipeline
        Clock clock = Clock.systemUTC();
        AuditLog audit = new AuditLog(jdbi, writes);
        registry.bind("auditLog", audit);
        registry.bind("auditApi", new AuditApi(audit));
        AlarmStore alarmStore = new AlarmStore(jdbi, new db.Jdbc(dataSource));
        registry.bind("alarmStore", alarmStore);
        RosterRouting routing = new RosterRouting(key -> context.getPropertiesComponent().resolveProperty(key),
                name -> rosters.findRoster(name).isPresent(), cfg.defaultRoster());
        EscalationService escalation = new EscalationService(jdbi, writes, rosters, audit, clock,
                cfg.escalationDelay(), cfg.escalationRounds());
        registry.bind("escalation", escalation);
        AlarmService alarms = new AlarmService(alarmStore, writes, escalation, new AlarmPayloads(), routing, audit,
                clock, ops::acknowledged);
        registry.bind("alarmService", alarms);
        Notifier notifier = new Notifier(alarmStore, outcomes, escalation, audit, new notify.DefaultTexts(), clock,
                cfg.fromNumber(), cfg.publicUrl(), 30, ops::notification, stats.events());
        registry.bind("notifier", notifier);
        registry.bind("resendGuard", new notify.ResendGuard(twilio, notifier));
        AckService acks = new AckService(jdbi, rosters, alarms, audit, clock);
        registry.bind("ackService", acks);
        registry.bind("consoleAck", new ConsoleAck(alarms, rosters));

        console.ConsoleWiring.bind(context, cfg, jdbi, alarms, alarmStore, audit, writes, clock, apiToken);

        // webhooks
        registry.bind("twilioSignature", new SignatureCheck(cfg.authToken(), cfg.publicUrl()));
        registry.bind("webhookFailures", new WebhookFailures(audit, ops::webhookRejected));
        CallScripts scripts = new CallScripts(cfg.scriptsDir(), cfg.scriptTimeout());
        context.addService(new Closer(scripts));
        ScriptApi scriptApi = new ScriptApi(alarmStore, rosters, acks, new ScriptSms(context, cfg.fromNumber(), cfg.publicUrl()));
        Scripted scripted = new Scripted(scripts, audit, ops::scriptError);
        registry.bind("voiceWebhook", new VoiceWebhook(alarmStore, rosters, acks, scripted, scriptApi, cfg.voice(),
                cfg.language()));
        registry.bind("smsWebhook", new SmsWebhook(alarmStore, rosters, acks, scripted, scriptApi, audit));

        if (cfg.sandbox()) {
            TwilioSandbox sandbox = new TwilioSandbox(new SandboxConfig(cfg.accountSid(), cfg.authToken(),
                    cfg.fromNumber(), cfg::publicUrl, duration(context, "callout.sandbox.step-delay", "PT0.02S")));
            registry.bind("twilioSandbox", sandbox);
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

    /** Closes what Callout opened when Camel stops. */
    /** An ISO-8601 duration property, or {@code fallback} when it is not set. */
    private static Duration duration(CamelContext context, String key, String fallback) {
        return Duration.parse(context.getPropertiesComponent().resolveProperty(key).orElse(fallback));
    }

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
