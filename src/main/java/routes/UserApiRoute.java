package routes;

import roster.UserInput;
import web.JsonBody;
import web.Reply;

/** /api/users: the people on call. */
public class UserApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("POST", "/api/users", "api-users-create")
                .process(JsonBody.of(UserInput.class))
                .bean("rosterService", "createUser")
                .transform().body(Reply::created)
                .process(JSON_REPLY);

        api("GET", "/api/users", "api-users-list")
                .bean("rosterService", "users")
                .process(JSON_REPLY);

        api("GET", "/api/users/{id}", "api-users-get")
                .bean("rosterService", "user(${header.id})")
                .process(JSON_REPLY);

        api("PUT", "/api/users/{id}", "api-users-replace")
                .process(JsonBody.of(UserInput.class))
                .bean("rosterService", "replaceUser(${header.id}, ${body})")
                .process(JSON_REPLY);

        api("DELETE", "/api/users/{id}", "api-users-delete")
                .bean("rosterService", "deleteUser(${header.id}, ${header.force})")
                .setBody(constant(Reply.noContent()))
                .process(JSON_REPLY);
    }
}
