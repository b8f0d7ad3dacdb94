package routes;

import messaging.MessageSender;

/** POST /api/messages: send one SMS through camel-twilio (the seed's system.twilio.sendMessage). */
public class MessageApiRoute extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("POST", "/api/messages", "api-messages-send")
                .onException(Exception.class).handled(true)
                    .bean("messageSender", "failed(${exception})")
                    .process(JSON_REPLY)
                .end()
                .unmarshal().json(MessageSender.SendRequest.class)
                .bean("messageSender", "prepare")
                .to(direct("twilio-sms"))
                .bean("messageSender", "sent")
                .process(JSON_REPLY);
    }
}
