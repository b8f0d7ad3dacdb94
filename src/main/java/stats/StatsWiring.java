package stats;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;

/**
 * Everything the statistics need, built once from the application's DataSource and the MeterRegistry that
 * {@code /observe/metrics} scrapes. Binds the six gauges into that registry on construction.
 * <pre>
 * PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * StatsWiring stats = new StatsWiring(dataSource, meters);
 * main.bind("dataSource", dataSource);        // the same instance the sink writes to (StatsRoute checks)
 * main.bind("metricsRegistry", meters);       // camel-micrometer-prometheus then serves this registry
 * main.bind("statsService", stats.service()); // for /api/stats*
 * main.bind("opsMetrics", stats.opsMetrics());
 * main.configure().addRoutesBuilder(new routes.StatsRoute(stats));
 * </pre>
 */
public final class StatsWiring {

    private final DataSource dataSource;
    private final StatsEvents events;
    private final StatsService service;
    private final TwilioGauges gauges;
    private final OpsMetrics opsMetrics;

    public StatsWiring(DataSource dataSource, MeterRegistry meterRegistry) {
        this.dataSource = dataSource;
        this.events = new StatsEvents(new JdbcUserDirectory(dataSource));
        this.service = new StatsService(dataSource);
        this.gauges = new TwilioGauges(service);
        this.opsMetrics = new OpsMetrics(meterRegistry);
        gauges.bindTo(meterRegistry);
    }

    public DataSource dataSource() { return dataSource; }
    public StatsEvents events() { return events; }
    public StatsService service() { return service; }
    public TwilioGauges gauges() { return gauges; }
    public OpsMetrics opsMetrics() { return opsMetrics; }
}
