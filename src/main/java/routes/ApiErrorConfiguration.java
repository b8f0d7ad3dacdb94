package routes;

import org.apache.camel.builder.RouteConfigurationBuilder;
import web.ErrorReply;

/** Error policy and bearer auth for every /api route: failures become {"error","field"} JSON, never a trace. */
public class ApiErrorConfiguration extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration("api")
                .onException(Exception.class).handled(true).process(new ErrorReply()).end();
    }
}
