package routes;

import schedule.ScheduleJson;
import web.Reply;

/** /api/schedules/{schedule}/overrides: add, remove or replace someone for a time span. */
public class ScheduleOverrideApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("POST", "/api/schedules/{schedule}/overrides", "api-schedule-overrides-create")
                .unmarshal().json(ScheduleJson.OverrideBody.class)
                .bean("scheduleService", "addOverride(${header.schedule}, ${body})")
                .transform().body(Reply::created)
                .process(JSON_REPLY);

        api("GET", "/api/schedules/{schedule}/overrides", "api-schedule-overrides-list")
                .bean("scheduleService", "overrides(${header.schedule})")
                .process(JSON_REPLY);

        api("DELETE", "/api/schedules/{schedule}/overrides/{oid}", "api-schedule-overrides-delete")
                .bean("scheduleService", "deleteOverride(${header.schedule}, ${header.oid})")
                .setBody(constant(Reply.noContent()))
                .process(JSON_REPLY);
    }
}
