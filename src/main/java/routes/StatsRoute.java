package routes;

import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import stats.StatsEvents;
import stats.StatsIncrement;
import stats.StatsWiring;

/**
 * Statistics sink: {@code direct:stats} takes Twilio's webhook parameters (Map body, header
 * {@code CalloutStatsKind}) and adds at most one increment to the SQL counters, once per event.
 * Out: the caller's body unchanged, and header {@code CalloutStatsCounted}: true when this exchange was
 * counted, false when it counted nothing (not countable, or counted before). SQL failures propagate to the caller.
 */
public class StatsRoute extends EndpointRouteBuilder {

    public static final String COUNTED_HEADER = "CalloutStatsCounted";
    private static final String TWILIO_PARAMS = "twilioParams";

    private StatsWiring stats;

    /** Discovered by package scan: uses the {@code statsWiring} bean. */
    public StatsRoute() {
    }

    public StatsRoute(StatsWiring stats) {
        this.stats = stats;
    }

    @Override
    public void configure() {
        if (stats == null) {
            stats = getContext().getRegistry().lookupByNameAndType("statsWiring", StatsWiring.class);
            if (stats == null) {
                return; // constructed by hand elsewhere (tests wire their own instance)
            }
        }
        DataSource registered = getContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        if (registered != stats.dataSource()) {
            throw new IllegalStateException("StatsRoute needs the StatsWiring DataSource bound as 'dataSource'");
        }
        // failures are the caller's to handle; duplicates and lost races are handled by CountOnce
        errorHandler(noErrorHandler());

        db.GroupCommit shared = getContext().getRegistry().lookupByNameAndType("groupCommitOutcomes",
                db.GroupCommit.class);
        db.GroupCommit writes = shared != null ? shared : ownWrites(stats.dataSource());
        CountOnce countOnce = new CountOnce(writes);

        from(direct("stats")).routeId("stats-sink")
            .setVariable(TWILIO_PARAMS, body())
            // the rules: Twilio parameters -> zero or one counter increment
            .process(e -> e.getIn().setBody(stats.events().increment(
                    e.getIn().getHeader(StatsEvents.KIND_HEADER, String.class), Beans.params(e))))
            .setHeader(COUNTED_HEADER, constant(false))
            .filter(body().isNotNull())
                // event row (unique kind+sid) and counters in one transaction: a replay never counts twice
                .process(countOnce)
            .end()
            .setBody(variable(TWILIO_PARAMS));
    }

    /** Wired by hand (tests): a group commit of its own on the StatsWiring DataSource, closed with the context. */
    private db.GroupCommit ownWrites(DataSource dataSource) {
        db.GroupCommit own = new db.GroupCommit(org.jdbi.v3.core.Jdbi.create(dataSource), 1, 64);
        try {
            getContext().addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() {
                    own.close();
                }
            });
        } catch (Exception e) {
            own.close();
            throw new IllegalStateException(e);
        }
        return own;
    }

    /**
     * Writes one increment as a unit of the group commit: the event row (unique kind + sid) and the counters
     * (standard MERGE, same text on H2 2.x and PostgreSQL 15+) commit together or not at all. An event seen
     * before counts nothing. A duplicate counter row (two first increments of one user at once, on two writers or
     * two instances) or a lock timeout rolls the unit back and tries again.
     */
    static final class CountOnce implements Processor {

        private static final int ATTEMPTS = 5;
        private static final String DUPLICATE_KEY = "23505";
        private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "HYT00", "55P03");
        private static final String INSERT_EVENT = sqlResource("/stats/insert-event.sql");
        private static final String UPSERT_COUNTERS = sqlResource("/stats/upsert-counters.sql");

        private final db.GroupCommit writes;

        CountOnce(db.GroupCommit writes) {
            this.writes = writes;
        }

        @Override
        public void process(Exchange exchange) {
            StatsIncrement inc = exchange.getIn().getBody(StatsIncrement.class);
            for (int attempt = 1; ; attempt++) {
                try {
                    boolean counted = writes.inTransaction(h -> {
                        if (h.createQuery("SELECT COUNT(*) FROM stats_events WHERE kind = :kind AND sid = :sid")
                                .bind("kind", inc.getEventKind()).bind("sid", inc.getSid())
                                .mapTo(Integer.class).one() > 0) {
                            return false;  // counted before: nothing to do
                        }
                        h.createUpdate(INSERT_EVENT).bindBean(inc).execute();
                        h.createUpdate(UPSERT_COUNTERS).bindBean(inc).execute();
                        return true;
                    });
                    exchange.getIn().setHeader(COUNTED_HEADER, counted);
                    return;
                } catch (RuntimeException failure) {
                    String state = sqlState(failure);
                    boolean retry = DUPLICATE_KEY.equals(state) || TRANSIENT.contains(state);
                    if (!retry || attempt == ATTEMPTS) {
                        throw failure;  // the caller's to handle
                    }
                }
            }
        }

        /** A camel-sql style statement file ({@code :#${body.x}}) as a Jdbi statement ({@code :x}). */
        private static String sqlResource(String path) {
            try (java.io.InputStream in = StatsRoute.class.getResourceAsStream(path)) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                return text.lines().filter(l -> !l.strip().startsWith("--"))
                        .collect(java.util.stream.Collectors.joining("\n"))
                        .replaceAll(":#\\$\\{body\\.(\\w+)}", ":$1");
            } catch (java.io.IOException | NullPointerException e) {
                throw new IllegalStateException("statistics SQL " + path + " missing", e);
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
    }
}
