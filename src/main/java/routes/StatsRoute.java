package routes;

import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import stats.StatsEvents;
import stats.StatsIncrement;
import stats.StatsSql;
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
     * (standard MERGE, same text on H2 2.x and PostgreSQL 15+) commit together or not at all (see
     * {@link StatsSql}). An event seen before counts nothing. A lost race (a duplicate key: two first sightings of
     * one event, or two first increments of one user, on two writers or two instances) or a lock timeout rolls the
     * unit back and tries again.
     */
    static final class CountOnce implements Processor {

        private final db.GroupCommit writes;

        CountOnce(db.GroupCommit writes) {
            this.writes = writes;
        }

        @Override
        public void process(Exchange exchange) {
            StatsIncrement inc = exchange.getIn().getBody(StatsIncrement.class);
            exchange.getIn().setHeader(COUNTED_HEADER,
                    StatsSql.retrying(() -> writes.inTransaction(h -> StatsSql.count(h, inc))));
        }
    }
}
