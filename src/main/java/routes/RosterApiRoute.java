package routes;

import roster.Roster;
import web.JsonBody;
import web.Reply;

/** /api/rosters: ordered lists of users and their channels. */
public class RosterApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("POST", "/api/rosters", "api-rosters-create")
                .process(JsonBody.of(Roster.class))
                .bean("rosterService", "createRoster")
                .transform().body(Reply::created)
                .process(JSON_REPLY);

        api("GET", "/api/rosters", "api-rosters-list")
                .bean("rosterService", "rosters")
                .process(JSON_REPLY);

        api("GET", "/api/rosters/{name}", "api-rosters-get")
                .bean("rosterService", "roster(${header.name})")
                .process(JSON_REPLY);

        api("PUT", "/api/rosters/{name}", "api-rosters-replace")
                .process(JsonBody.of(Roster.class))
                .bean("rosterService", "replaceRoster(${header.name}, ${body})")
                .process(JSON_REPLY);

        api("DELETE", "/api/rosters/{name}", "api-rosters-delete")
                .bean("rosterService", "deleteRoster(${header.name})")
                .setBody(constant(Reply.noContent()))
                .process(JSON_REPLY);
    }
}
