package routes;

import org.apache.camel.Exchange;
import web.Reply;

/**
 * Calendar subscriptions: feeds are made and revoked under /api (bearer token); the feed itself is served at
 * /calendar/{secret}.ics without one, because calendar clients cannot send it: the unguessable secret is the credential.
 */
public class CalendarFeedRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        // optional body {"userId": n}: only that user's shifts
        api("POST", "/api/schedules/{schedule}/feeds", "api-schedule-feeds-create")
                .convertBodyTo(String.class)
                .bean("scheduleService", "createFeed(${header.schedule}, ${body})")
                .transform().body(Reply::created)
                .process(JSON_REPLY);

        api("GET", "/api/schedules/{schedule}/feeds", "api-schedule-feeds-list")
                .bean("scheduleService", "feeds(${header.schedule})")
                .process(JSON_REPLY);

        api("DELETE", "/api/schedules/{schedule}/feeds/{fid}", "api-schedule-feeds-delete")
                .bean("scheduleService", "deleteFeed(${header.schedule}, ${header.fid})")
                .setBody(constant(Reply.noContent()))
                .process(JSON_REPLY);

        from(platformHttp("/calendar/{file}").httpMethodRestrict("GET"))
                .routeId("calendar-feed")
                .routeConfigurationId("api")
                .bean("scheduleService", "calendar(${header.file})")
                .removeHeaders("*")
                .setHeader(Exchange.CONTENT_TYPE, constant("text/calendar; charset=utf-8"))
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200));
    }
}
