package routes;

/** /api/stats: telecom statistics keyed by the seed's tag paths, per user, as JSON or CSV. */
public class StatsApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("GET", "/api/users/{id}/stats", "api-user-stats")
                .bean("statsApi", "user(${header.id})")
                .process(JSON_REPLY);

        api("GET", "/api/stats", "api-stats-totals")
                .bean("statsService", "totals")
                .process(JSON_REPLY);

        // the six counters per Twilio profile (callout.twilio.profiles.*)
        api("GET", "/api/stats/profiles", "api-stats-profiles")
                .bean("profileStats", "perProfile")
                .process(JSON_REPLY);

        api("GET", "/api/stats/users", "api-stats-users")
                .bean("statsApi", "users(${header.Accept})")
                .process(JSON_REPLY);
    }
}
