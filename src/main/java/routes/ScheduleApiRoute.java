package routes;

import schedule.ScheduleJson;
import web.Reply;

/** /api/schedules: rotations, who is on call and the shifts ({schedule} is the id, or the name). */
public class ScheduleApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("POST", "/api/schedules", "api-schedules-create")
                .unmarshal().json(ScheduleJson.Body.class)
                .bean("scheduleService", "create")
                .transform().body(Reply::created)
                .process(JSON_REPLY);

        api("GET", "/api/schedules", "api-schedules-list")
                .bean("scheduleService", "schedules")
                .process(JSON_REPLY);

        api("GET", "/api/schedules/{schedule}", "api-schedules-get")
                .bean("scheduleService", "schedule(${header.schedule})")
                .process(JSON_REPLY);

        api("PUT", "/api/schedules/{schedule}", "api-schedules-replace")
                .unmarshal().json(ScheduleJson.Body.class)
                .bean("scheduleService", "replace(${header.schedule}, ${body})")
                .process(JSON_REPLY);

        api("DELETE", "/api/schedules/{schedule}", "api-schedules-delete")
                .bean("scheduleService", "delete(${header.schedule})")
                .setBody(constant(Reply.noContent()))
                .process(JSON_REPLY);

        // ?at= (default now) -> {"at","users","until"}
        api("GET", "/api/schedules/{schedule}/oncall", "api-schedules-oncall")
                .bean("scheduleService", "onCall(${header.schedule}, ${header.at})")
                .process(JSON_REPLY);

        // ?from=&to= (default now and a week later) -> [{"userId","start","end"}]
        api("GET", "/api/schedules/{schedule}/shifts", "api-schedules-shifts")
                .bean("scheduleService", "shifts(${header.schedule}, ${header.from}, ${header.to})")
                .process(JSON_REPLY);
    }
}
