package app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed reading of Callout's properties. Every duration, number and switch Callout reads (here, in routes'
 * placeholders, in the YAML inputs) is listed in {@link #TYPED} and checked before anything starts, so a value that
 * does not parse stops the start with one line naming the key, the value and the form expected (not a bare
 * {@code DateTimeParseException} from deep inside, nor a switch read as {@code false} because it said "yes").
 */
public final class Settings {

    /** The forms a property can take, each with the words an operator reads when a value does not fit. */
    public enum Kind {
        DURATION("an ISO-8601 duration such as PT5M, PT30S or P90D"),
        COUNT("a whole number of at least 1, such as 3"),
        COUNT_OR_ZERO("a whole number of at least 0, such as 4"),
        MILLIS("a whole number of milliseconds of at least 1, such as 1000"),
        PORT("a port number from 0 to 65535, such as 8080"),
        SWITCH("true or false");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    /** Every typed property Callout reads. A new one belongs here (and in application.properties and README). */
    static final Map<String, Kind> TYPED = new LinkedHashMap<>();

    static {
        TYPED.put("camel.server.port", Kind.PORT);
        TYPED.put("callout.broker.embedded", Kind.SWITCH);
        TYPED.put("callout.broker.jms-port", Kind.PORT);
        TYPED.put("callout.broker.mqtt-port", Kind.PORT);
        TYPED.put("callout.jms.enabled", Kind.SWITCH);
        TYPED.put("callout.mqtt.enabled", Kind.SWITCH);
        TYPED.put("callout.files.enabled", Kind.SWITCH);
        TYPED.put("callout.inputs.reconnect-max", Kind.DURATION);
        TYPED.put("callout.twilio.retries", Kind.COUNT_OR_ZERO);
        TYPED.put("callout.twilio.watch.enabled", Kind.SWITCH);
        TYPED.put("callout.twilio.watch.delay", Kind.DURATION);
        TYPED.put("callout.twilio.watch.limit", Kind.COUNT);
        TYPED.put("callout.sandbox.step-delay", Kind.DURATION);
        TYPED.put("callout.db.commit-linger", Kind.DURATION);
        TYPED.put("callout.db.writers", Kind.COUNT);
        TYPED.put("callout.db.h2-compact-interval", Kind.DURATION);
        TYPED.put("callout.db.h2-sync-interval", Kind.DURATION);
        TYPED.put("callout.db.h2-retention", Kind.DURATION);
        TYPED.put("callout.http.max-connections", Kind.COUNT_OR_ZERO);
        TYPED.put("callout.retention", Kind.DURATION);
        TYPED.put("callout.retention.interval", Kind.DURATION);
        TYPED.put("callout.retention.batch", Kind.COUNT);
        TYPED.put("callout.escalation.delay", Kind.DURATION);
        TYPED.put("callout.escalation.rounds", Kind.COUNT);
        TYPED.put("callout.escalation.poll", Kind.MILLIS);
        TYPED.put("callout.notify.concurrency", Kind.COUNT);
        TYPED.put("callout.scripts.timeout", Kind.DURATION);
        // read on the paging branch (leases, held retries, reconciliation): checked here too, before anything opens
        TYPED.put("callout.cluster.lease", Kind.DURATION);
        TYPED.put("callout.twilio.hold-retry", Kind.DURATION);
        TYPED.put("callout.twilio.reconcile-after", Kind.DURATION);
        TYPED.put("callout.twilio.reconcile-poll", Kind.MILLIS);
        // storm control and the conversation (callout.limits.* are parsed by storm.ContactLimits, with the same kind
        // of one-line error)
        TYPED.put("callout.bundle.window", Kind.DURATION);
        TYPED.put("callout.bundle.poll", Kind.MILLIS);
        TYPED.put("callout.notices.ack", Kind.SWITCH);
        TYPED.put("callout.notices.clear", Kind.SWITCH);
        TYPED.put("callout.notices.merge", Kind.DURATION);
        TYPED.put("callout.http.idle-timeout", Kind.DURATION);
        TYPED.put("callout.http.max-header-size", Kind.COUNT);
    }

    private Settings() {
    }

    /** Checks every set value of {@link #TYPED}; throws a {@link StartupFailure} naming the first bad one. */
    public static void check(Function<String, Optional<String>> props) {
        TYPED.forEach((key, kind) -> props.apply(key).map(String::trim).filter(v -> !v.isEmpty())
                .ifPresent(value -> parse(key, value, kind)));
    }

    public static Duration duration(String key, String value) {
        return (Duration) parse(key, value, Kind.DURATION);
    }

    public static int count(String key, String value) {
        return (Integer) parse(key, value, Kind.COUNT);
    }

    public static int port(String key, String value) {
        return (Integer) parse(key, value, Kind.PORT);
    }

    public static boolean enabled(String key, String value) {
        return (Boolean) parse(key, value, Kind.SWITCH);
    }

    static Object parse(String key, String raw, Kind kind) {
        String value = raw.trim();
        try {
            Object parsed = switch (kind) {
                case DURATION -> nonNegative(Duration.parse(value));
                case COUNT, MILLIS -> atLeast(Integer.parseInt(value), 1);
                case COUNT_OR_ZERO -> atLeast(Integer.parseInt(value), 0);
                case PORT -> port(Integer.parseInt(value));
                case SWITCH -> bool(value);
            };
            return parsed;
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw bad(key, raw, kind);
        }
    }

    static StartupFailure bad(String key, String value, Kind kind) {
        return new StartupFailure(key + "=" + value + ": expected " + kind.expected);
    }

    /**
     * Fails the start when {@code host:port} cannot be bound. The HTTP server (Vert.x) only logs a bind failure and
     * Camel then runs on without HTTP; checking first, before the database and the broker open, makes it one line
     * and a non-zero exit.
     */
    public static void requireFreePort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            // as Vert.x binds: a port in TIME_WAIT is usable, one with a listener is not
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartupFailure("camel.server.port=" + port + ": cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + "); another process holds the port: stop it or choose another port");
        }
    }

    private static Duration nonNegative(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative");
        }
        return d;
    }

    private static int atLeast(int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException("too small");
        }
        return n;
    }

    private static int port(int n) {
        if (n < 0 || n > 65535) {
            throw new IllegalArgumentException("not a port");
        }
        return n;
    }

    private static boolean bool(String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("not a switch");
    }
}
