package app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Callout's settings, read once from Camel's properties (application.properties, -D, environment).
 * Derived values (sandbox mode, the Twilio API base) are decided here, not in routes.
 */
public record CalloutConfig(
        int port,
        String publicUrl,
        boolean sandbox,
        String accountSid,
        String authToken,
        String fromNumber,
        String apiUrl,
        String apiToken,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Path scriptsDir,
        Duration scriptTimeout,
        String defaultRoster,
        Duration escalationDelay,
        int escalationRounds,
        String voice,
        String language) {

    /** Sandbox account: fixed, documented, only ever talking to the in-process simulator. */
    public static final String SANDBOX_ACCOUNT_SID = "AC00000000000000000000000000000000";
    public static final String SANDBOX_AUTH_TOKEN = "sandbox-auth-token";
    public static final String SANDBOX_FROM_NUMBER = "+15005550006";

    /** Builds the config from a property lookup (Camel's PropertiesComponent in the app, a Map in tests). */
    public static CalloutConfig from(Function<String, Optional<String>> props) {
        int port = Settings.port("camel.server.port", get(props, "camel.server.port", "8080"));
        String publicUrl = stripSlash(get(props, "callout.public-url", "http://localhost:" + port));
        String sid = get(props, "callout.twilio.account-sid", "");
        boolean sandbox = sid.isBlank();
        String token = get(props, "callout.twilio.auth-token", "");
        String from = get(props, "callout.twilio.from-number", "");
        String apiUrl = stripSlash(get(props, "callout.twilio.api-url", ""));
        if (sandbox) {
            sid = SANDBOX_ACCOUNT_SID;
            token = token.isBlank() ? SANDBOX_AUTH_TOKEN : token;
            from = from.isBlank() ? SANDBOX_FROM_NUMBER : from;
            if (apiUrl.isBlank()) {
                apiUrl = "http://127.0.0.1:" + port + "/sandbox/twilio";
            }
        } else if (token.isBlank() || from.isBlank()) {
            throw new IllegalStateException(
                    "callout.twilio.account-sid is set: callout.twilio.auth-token and callout.twilio.from-number are required too");
        }
        Path dataDir = Path.of(get(props, "callout.data.dir", "data"));
        return new CalloutConfig(
                port, publicUrl, sandbox, sid, token, from, apiUrl,
                get(props, "callout.api.token", ""),
                dataDir,
                // WRITE_DELAY=0: a commit is written to the file before the 202 goes out, so kill -9 cannot lose an
                // accepted alarm (an OS crash or power cut can lose up to callout.db.h2-sync-interval of commits: H2
                // does not fsync on commit, db.H2Maintenance syncs every interval; PostgreSQL for more);
                // DB_CLOSE_ON_EXIT=FALSE: H2 closes with the pool when Camel stops, not in a JVM hook racing the writers.
                // With WRITE_DELAY=0 H2 does not compact the file: db.H2Maintenance does
                get(props, "callout.db.url", "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("callout")
                        + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE"),
                get(props, "callout.db.user", "sa"),
                get(props, "callout.db.password", ""),
                Path.of(get(props, "callout.scripts.dir", "scripts")),
                Settings.duration("callout.scripts.timeout", get(props, "callout.scripts.timeout", "PT2S")),
                get(props, "callout.routing.default-roster", "operators"),
                Settings.duration("callout.escalation.delay", get(props, "callout.escalation.delay", "PT5M")),
                Settings.count("callout.escalation.rounds", get(props, "callout.escalation.rounds", "3")),
                get(props, "callout.voice.voice", "Polly.Joanna"),
                get(props, "callout.voice.language", "en-US"));
    }

    /** The Twilio API base the SDK talks to; empty means Twilio itself. */
    public Optional<String> apiBase() {
        return apiUrl.isBlank() ? Optional.empty() : Optional.of(apiUrl);
    }

    private static String get(Function<String, Optional<String>> props, String key, String def) {
        return props.apply(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(def);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
