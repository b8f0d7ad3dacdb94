package routes;

import maintenance.MaintenanceInput;
import web.Reply;

/** /api/maintenance: windows in which matching alarms are stored but notify nobody. */
public class MaintenanceApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("POST", "/api/maintenance", "api-maintenance-create")
                .unmarshal().json(MaintenanceInput.class)
                .bean("maintenance", "create")
                .transform().body(Reply::created)
                .process(JSON_REPLY);

        api("GET", "/api/maintenance", "api-maintenance-list")
                .bean("maintenance", "list")
                .process(JSON_REPLY);

        api("GET", "/api/maintenance/{id}", "api-maintenance-get")
                .bean("maintenance", "window(${header.id})")
                .process(JSON_REPLY);

        api("DELETE", "/api/maintenance/{id}", "api-maintenance-delete")
                .bean("maintenance", "delete(${header.id})")
                .setBody(constant(Reply.noContent()))
                .process(JSON_REPLY);
    }
}
