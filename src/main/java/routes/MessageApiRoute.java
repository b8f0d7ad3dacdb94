package routes;

import messaging.MessageSender;
import web.JsonBody;

/** POST /api/messages: send one SMS through camel-twilio (the seed's system.twilio.sendMessage). */
public class MessageApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("POST", "/api/messages", "api-messages-send")
                .doTry()
                    .process(JsonBody.of(MessageSender.SendRequest.class))
                    .bean("messageSender", "prepare")
                    .to(direct("twilio-sms"))
                    .bean("messageSender", "sent")
                .doCatch(Exception.class)
                    // {"sent": false, "error"}: 400 for bad input, 502 when Twilio fails
                    .bean("messageSender", "failed(${exception})")
                .end()
                .process(JSON_REPLY);
    }
}
