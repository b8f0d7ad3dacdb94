package routes;

import web.JsonBody;
import web.Reply;

/** /api/alarms: raise, read and acknowledge alarms; /api/audit: the trail. */
public class AlarmApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("POST", "/api/alarms", "api-alarms-create")
                .setHeader("CalloutInput", constant("http"))
                .to(direct("alarm-intake"))
                .transform().body(b -> Reply.accepted(((alarm.AlarmService.IntakeBatch) b).reply()))
                .process(JSON_REPLY);

        api("GET", "/api/alarms", "api-alarms-list")
                .bean("alarmService", "alarms(${header.state}, ${header.limit})")
                .process(JSON_REPLY);

        api("GET", "/api/alarms/{id}", "api-alarms-get")
                .bean("alarmService", "alarm(${header.id})")
                .process(JSON_REPLY);

        api("POST", "/api/alarms/{id}/ack", "api-alarms-ack")
                .process(JsonBody.of(ConsoleAck.class))
                .bean("consoleAck", "acknowledge(${header.id}, ${body})")
                .process(JSON_REPLY);

        api("GET", "/api/audit", "api-audit")
                .bean("auditApi", "query(${header.since}, ${header.alarmId}, ${header.limit})")
                .process(JSON_REPLY);
    }

    /** Body of POST /api/alarms/{id}/ack. */
    public record ConsoleAck(Long userId) {
    }
}
