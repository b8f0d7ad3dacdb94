package routes;

import org.apache.camel.model.RouteDefinition;
import twilio.ResourceJson;
import twilio.TwilioHeaders;
import twilio.TwilioQuery;

/** Base of the /api/twilio route builders: the API policy plus Twilio's errors with Twilio's code. */
abstract class TwilioApiRouteBuilder extends ApiRouteBuilder {

    /** An authenticated /api route whose Twilio failures answer with Twilio's code and message. */
    protected RouteDefinition twilioApi(String method, String path, String routeId) {
        return api(method, path, routeId).routeConfigurationId("twilio-api,api");
    }

    /** The SDK result (a paged ResourceSet) as at most {@code limit} JSON objects. */
    protected RouteDefinition replyList(RouteDefinition route) {
        return route.process(TwilioHeaders.CLEAR)
                .transform(method(ResourceJson.class, "list(${body}, ${header." + TwilioQuery.LIMIT + "})"))
                .process(JSON_REPLY);
    }

    /** The SDK result (one resource) as a JSON object. */
    protected RouteDefinition replyOne(RouteDefinition route) {
        return route.process(TwilioHeaders.CLEAR)
                .transform(method(ResourceJson.class, "one(${body})"))
                .process(JSON_REPLY);
    }
}
