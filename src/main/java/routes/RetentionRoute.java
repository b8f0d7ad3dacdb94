package routes;

import app.Settings;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/** Data retention: every {@code callout.retention.interval}, deletes closed alarms and old history (db.Retention). */
public class RetentionRoute extends EndpointRouteBuilder {

    @Override
    public void configure() {
        long interval = Settings.duration("callout.retention.interval",
                getContext().getPropertiesComponent().resolveProperty("callout.retention.interval").orElse("PT1H"))
                .toMillis();
        from(Singleton.of("data-retention", timer("data-retention").delay(Math.min(interval, 60_000)).period(interval)))
                .routeId("data-retention")
                .bean("retention", "purge");
    }
}
