package routes;

import heartbeat.HeartbeatInput;
import heartbeat.HeartbeatService;
import web.Reply;

/** /api/heartbeats: dead man's switches, and their beats over HTTP. */
public class HeartbeatApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("POST", "/api/heartbeats", "api-heartbeats-create")
                .unmarshal().json(HeartbeatInput.class)
                .bean("heartbeats", "create")
                .transform().body(Reply::created)
                .process(JSON_REPLY);

        api("GET", "/api/heartbeats", "api-heartbeats-list")
                .bean("heartbeats", "list")
                .process(JSON_REPLY);

        api("GET", "/api/heartbeats/{id}", "api-heartbeats-get")
                .bean("heartbeats", "heartbeat(${header.id})")
                .process(JSON_REPLY);

        api("DELETE", "/api/heartbeats/{id}", "api-heartbeats-delete")
                .bean("heartbeats", "delete(${header.id})")
                .setBody(constant(Reply.noContent()))
                .process(JSON_REPLY);

        // a beat; a lost heartbeat's alarm is cleared, then the heartbeat is the answer
        api("POST", "/api/heartbeats/{id}/beat", "api-heartbeats-beat")
                .bean("heartbeats", "beat(${header.id})")
                .setProperty("beat", body())
                .to(direct("heartbeat-clear"))
                .setBody(exchangeProperty("beat"))
                .transform().body(b -> ((HeartbeatService.Beat) b).heartbeat())
                .process(JSON_REPLY);
    }
}
