package routes;

import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.spi.Policy;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import stats.StatsEvents;
import stats.StatsWiring;

/**
 * Statistics sink: {@code direct:stats} takes Twilio's webhook parameters (Map body, header
 * {@code CalloutStatsKind}) and adds at most one increment to the SQL counters, once per event.
 * Out: the caller's body unchanged, and header {@code CalloutStatsCounted}: true when this exchange was
 * counted, false when it counted nothing (not countable, or counted before). SQL failures propagate to the caller.
 */
public class StatsRoute extends EndpointRouteBuilder {

    public static final String COUNTED_HEADER = "CalloutStatsCounted";
    private static final String EVENT_INSERTED = "CalloutStatsEventInserted";
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

        from(direct("stats")).routeId("stats-sink")
            .setVariable(TWILIO_PARAMS, body())
            // the rules: Twilio parameters -> zero or one counter increment
            .bean(stats.events(), "increment(${header." + StatsEvents.KIND_HEADER + "}, ${body})")
            .setHeader(COUNTED_HEADER, constant(false))
            .filter(body().isNotNull())
                // event row (unique kind+sid) and counters in one transaction: a replay never counts twice
                .policy(new CountOnce(stats.dataSource(),
                        getContext().getRegistry().lookupByNameAndType("groupCommit", db.GroupCommit.class)))
                    .to(sql("classpath:stats/insert-event.sql"))
                    .setProperty(EVENT_INSERTED, constant(true))
                    .to(sql("classpath:stats/upsert-counters.sql"))
                    .setHeader(COUNTED_HEADER, constant(true))
                .end()
            .end()
            // hand the caller back its Twilio parameters, without camel-sql's headers
            .removeHeaders("CamelSql*")
            .setBody(variable(TWILIO_PARAMS));
    }

    /**
     * Runs the wrapped steps in one JDBC transaction on the thread (camel-sql's JdbcTemplate joins it).
     * A duplicate event row means "already counted": not an error. A duplicate counter row (two first
     * increments of one user at once) or a lock timeout rolls back and tries again.
     */
    static final class CountOnce implements Policy {

        private static final int ATTEMPTS = 5;
        private static final String DUPLICATE_KEY = "23505";
        private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "HYT00", "55P03");

        private final TransactionTemplate tx;
        private final DataSource dataSource;
        private final db.GroupCommit writes;

        /**
         * @param writes when present, the steps run as a unit of Callout's group commit (camel-sql's JdbcTemplate
         *               joins the group's connection), so a burst of status callbacks is committed together
         */
        CountOnce(DataSource dataSource, db.GroupCommit writes) {
            this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            this.dataSource = dataSource;
            this.writes = writes;
        }

        private void runOnce(Processor steps, Exchange exchange) {
            if (writes == null) {
                tx.executeWithoutResult(status -> {
                    try {
                        steps.process(exchange);
                    } catch (Exception e) {
                        exchange.setException(e);
                    }
                    if (exchange.getException() != null) {
                        status.setRollbackOnly();
                    }
                });
                return;
            }
            try {
                writes.useTransaction(h -> {
                    TransactionSynchronizationManager.bindResource(dataSource, new ConnectionHolder(h.getConnection()));
                    try {
                        steps.process(exchange);
                    } catch (Exception e) {
                        exchange.setException(e);
                    } finally {
                        TransactionSynchronizationManager.unbindResource(dataSource);
                    }
                    if (exchange.getException() != null) {
                        throw exchange.getException();  // rolls this unit back to its savepoint
                    }
                });
            } catch (RuntimeException e) {
                if (exchange.getException() == null) {
                    exchange.setException(e);
                }
            }
        }

        @Override
        public void beforeWrap(Route route, NamedNode definition) {
        }

        @Override
        public Processor wrap(Route route, Processor steps) {
            return exchange -> {
                for (int attempt = 1; ; attempt++) {
                    exchange.setException(null);
                    exchange.removeProperty(EVENT_INSERTED);
                    runOnce(steps, exchange);
                    Exception failure = exchange.getException();
                    if (failure == null) {
                        return;
                    }
                    String state = sqlState(failure);
                    boolean eventInserted = exchange.getProperty(EVENT_INSERTED) != null;
                    if (DUPLICATE_KEY.equals(state) && !eventInserted) {
                        exchange.setException(null); // counted before: nothing to do
                        return;
                    }
                    boolean retry = DUPLICATE_KEY.equals(state) || TRANSIENT.contains(state);
                    if (!retry || attempt == ATTEMPTS) {
                        return; // leave the failure on the exchange for the caller
                    }
                }
            };
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
