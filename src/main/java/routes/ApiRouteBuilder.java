package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.RouteDefinition;
import web.JsonReply;
import web.NumericId;

/** Base of the /api route builders: each endpoint is authenticated, error-mapped and answers JSON. */
abstract class ApiRouteBuilder extends EndpointRouteBuilder {

    protected static final JsonReply JSON_REPLY = new JsonReply();
    private static final NumericId NUMERIC_ID = new NumericId();

    /** A route for {@code method path} (path params like {id} arrive as headers), behind the bearer token. */
    protected RouteDefinition api(String method, String path, String routeId) {
        RouteDefinition route = from(platformHttp(path).httpMethodRestrict(method))
                .routeId(routeId)
                .routeConfigurationId("api")
                .process("bearerAuth");
        return path.contains("{id}") ? route.process(NUMERIC_ID) : route;
    }
}
