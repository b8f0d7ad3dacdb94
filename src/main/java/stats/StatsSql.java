package stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The statistics sink's SQL: one increment counted at most once per event, on a handle inside the caller's
 * transaction. The statements are the files under {@code /stats} (camel-sql style, {@code :#${body.x}}), run
 * through Jdbi with the same names.
 */
public final class StatsSql {

    private static final String INSERT_EVENT = sqlResource("/stats/insert-event.sql");
    private static final String UPSERT_COUNTERS = sqlResource("/stats/upsert-counters.sql");
    private static final String DUPLICATE_KEY = "23505";
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "HYT00", "55P03");
    private static final int ATTEMPTS = 5;

    private StatsSql() {
    }

    /**
     * Records the event and adds the increment to the user's counters; false (and nothing written) when the event
     * was counted before. Throws on a lost race for the event row or the first counter row (see {@link #retryable}).
     */
    public static boolean count(Handle h, StatsIncrement inc) {
        int fresh = h.createUpdate(INSERT_EVENT).bind("eventKind", inc.getEventKind()).bind("sid", inc.getSid())
                .bind("userId", inc.getUserId())
                .bind("accountSid", inc.getAccountSid()).bind("minutes", inc.getMinutes()).execute();
        if (fresh == 0) {
            return false;  // counted before: nothing to do
        }
        h.createUpdate(UPSERT_COUNTERS).bind("userId", inc.getUserId())
                .bind("messagesSent", inc.getMessagesSent()).bind("messagesReceived", inc.getMessagesReceived())
                .bind("callsSent", inc.getCallsSent()).bind("callsReceived", inc.getCallsReceived())
                .bind("callMinutesSent", inc.getCallMinutesSent())
                .bind("callMinutesReceived", inc.getCallMinutesReceived()).execute();
        return true;
    }

    /**
     * A failure worth running the transaction again for: a duplicate key (a concurrent first sighting of the same
     * event, or two first increments of one user) or a lock timeout / serialization failure. The next attempt
     * sees the winner's rows.
     */
    static boolean retryable(Throwable failure) {
        String state = sqlState(failure);
        return DUPLICATE_KEY.equals(state) || TRANSIENT.contains(state);
    }

    /**
     * Runs {@code unit} (a transaction that counts with {@link #count}) and runs it again after a
     * {@link #retryable} failure, up to five times; the next attempt sees the winner's rows.
     */
    public static <T> T retrying(java.util.function.Supplier<T> unit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return unit.get();
            } catch (RuntimeException failure) {
                if (!retryable(failure) || attempt == ATTEMPTS) {
                    throw failure;  // the caller's to handle
                }
            }
        }
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** A camel-sql style statement file ({@code :#${body.x}}) as a Jdbi statement ({@code :x}). */
    private static String sqlResource(String path) {
        try (InputStream in = StatsSql.class.getResourceAsStream(path)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.strip().startsWith("--"))
                    .collect(Collectors.joining("\n"))
                    .replaceAll(":#\\$\\{body\\.(\\w+)}", ":$1");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("statistics SQL " + path + " missing", e);
        }
    }
}
