package routes;

import com.twilio.http.TwilioRestClient;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.builder.endpoint.dsl.SedaEndpointBuilderFactory.AdvancedSedaEndpointProducerBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import twilio.MonitorAlerts;
import twilio.TwilioHeaders;
import twilio.WatchEvents;
import twilio.WatchQuery;

/**
 * Watchers (off unless callout.twilio.watch.enabled=true): poll messages, calls, recordings and transcriptions with
 * camel-twilio readers on a timer (with each watcher's filters and limit, see WatchQuery) and Monitor alerts with the
 * SDK, publish each SID never seen before (kept in the database, so a restart replays nothing) as an event on
 * direct:twilio-{kind}-event. The pollers run on one instance at a time (namespace {@value #NAMESPACE}, see
 * {@link Singleton}).
 */
public class TwilioWatchRoute extends EndpointRouteBuilder {

    /** The cluster namespace of all five watchers: one instance polls them all. */
    static final String NAMESPACE = "twilio-watch";

    @Override
    public void configure() {
        long delay = Duration.parse(property("callout.twilio.watch.delay", "PT30S")).toMillis();
        int limit = Integer.parseInt(property("callout.twilio.watch.limit", "100"));

        // the seed's per-watcher filters: callout.twilio.watch.<kinds>.<filter>, and .limit per watcher
        watch("messages", "message", "message/reader", delay, limit("messages", limit));
        watch("calls", "call", "call/reader", delay, limit("calls", limit));
        watch("recordings", "recording", "recording/reader", delay, limit("recordings", limit));
        watch("transcriptions", "transcription", "transcription/reader", delay, limit("transcriptions", limit));

        // camel-twilio 4.17 has no Monitor API: a timer and the SDK's Alert reader
        MonitorAlerts alerts = new MonitorAlerts(getContext().getRegistry()
                .lookupByNameAndType("twilioRestClient", TwilioRestClient.class));
        publishNew(from(Singleton.of(NAMESPACE, poll("twilio-watch-alerts", delay)))
                .routeId("twilio-watch-alerts")
                .autoStartup("{{callout.twilio.watch.enabled}}")
                .bean(alerts, "recent(" + limit("alerts", limit) + ")"), "alerts", "alert", limit("alerts", limit));

        for (String kind : new String[] {"message", "call", "recording", "transcription", "alert"}) {
            events(kind);
        }
    }

    /**
     * A watcher's timer. Synchronous: the next poll starts {@code delay} after the previous one has ended, also when
     * the Twilio call is slow (camel-twilio's producer would otherwise let polls overlap under load, and two polls
     * racing on one SID in the idempotent repository logged duplicate-key errors).
     */
    private org.apache.camel.builder.EndpointConsumerBuilder poll(String name, long delay) {
        return timer(name).delay(delay).period(delay).advanced().synchronous(true);
    }

    /** {@code callout.twilio.watch.<kinds>.limit}, else the watchers' common limit. */
    private int limit(String kinds, int common) {
        int v = Integer.parseInt(property("callout.twilio.watch." + kinds + ".limit", String.valueOf(common)));
        if (v < 1 || v > twilio.AccountFilters.MAX_LIMIT) {
            throw new IllegalArgumentException("callout.twilio.watch." + kinds + ".limit must be 1 to "
                    + twilio.AccountFilters.MAX_LIMIT);
        }
        return v;
    }

    /** Polls {@code api} (a camel-twilio reader) every {@code delay} ms with the watcher's filters and limit. */
    private void watch(String kinds, String kind, String api, long delay, int limit) {
        publishNew(from(Singleton.of(NAMESPACE, poll("twilio-watch-" + kinds, delay)))
                .routeId("twilio-watch-" + kinds)
                .autoStartup("{{callout.twilio.watch.enabled}}")
                .process(new WatchQuery(kinds, key -> property(key, ""), limit))
                .to(twilio(api))
                .process(TwilioHeaders.CLEAR), kinds, kind, limit);
    }

    /** The newest resources of a poll, oldest first, each SID once ever, as events on direct:twilio-{kind}-event. */
    private void publishNew(RouteDefinition poll, String kinds, String kind, int limit) {
        DataSource ds = getContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        JdbcMessageIdRepository seen = new JdbcMessageIdRepository(ds, "twilio-watch-" + kinds);
        seen.setCreateTableIfNotExists(false); // V4__watchers.sql creates it (H2 and PostgreSQL alike)
        poll.transform(method(WatchEvents.class, "newest(${body}, " + limit + ")"))
                .split(body())
                    .idempotentConsumer(simple("${body.sid}"), seen)
                    .transform(method(WatchEvents.class, "of"))
                    .to(direct("twilio-" + kind + "-event"))
                .end();
    }

    /**
     * Each event is logged, then handed to the optional user route on direct:twilio-{kind}-hook (at most one) and to
     * every user route on seda:twilio-events?multipleConsumers=true; a failing user hook is logged, not replayed.
     */
    private void events(String kind) {
        AdvancedSedaEndpointProducerBuilder fanOut = seda("twilio-events").advanced().discardIfNoConsumers(true);
        fanOut.doSetProperty("multipleConsumers", true); // the shared queue's mode: every user route gets every event
        from(direct("twilio-" + kind + "-event")).routeId("twilio-" + kind + "-event")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "twilio-events", "Twilio event ${body[type]} ${body[attrs][sid]} "
                            + "failed in a user route: ${exception.message}")
                .end()
                .log(LoggingLevel.INFO, "twilio-events", "${body[type]} ${body[attrs][sid]}")
                // no user hook: skip at once (direct would otherwise wait 30 s for a consumer to appear)
                .to(direct("twilio-" + kind + "-hook").failIfNoConsumers(false).block(false))
                .to(fanOut);
    }

    private String property(String key, String dflt) {
        return getContext().getPropertiesComponent().resolveProperty(key).map(String::trim)
                .filter(v -> !v.isEmpty()).orElse(dflt);
    }
}
