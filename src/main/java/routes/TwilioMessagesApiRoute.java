package routes;

import twilio.TwilioHeaders;
import twilio.TwilioQuery;
import web.Reply;

/** /api/twilio/messages: list, get, delete and media of the account's messages (camel-twilio message APIs). */
public class TwilioMessagesApiRoute extends TwilioApiRouteBuilder {

    @Override
    public void configure() {
        replyList(twilioApi("GET", "/api/twilio/messages", "api-twilio-messages-list")
                .process(TwilioQuery.messages())
                .to(twilio("message/reader")));

        replyOne(twilioApi("GET", "/api/twilio/messages/{sid}", "api-twilio-messages-get")
                .process(TwilioQuery.bySid("pathSid"))
                .to(twilio("message/fetcher")));

        twilioApi("DELETE", "/api/twilio/messages/{sid}", "api-twilio-messages-delete")
                .process(TwilioQuery.bySid("pathSid"))
                .to(twilio("message/deleter"))
                .process(TwilioHeaders.CLEAR)
                .setBody(constant(Reply.noContent()))
                .process(JSON_REPLY);

        replyList(twilioApi("GET", "/api/twilio/messages/{sid}/media", "api-twilio-messages-media")
                .process(TwilioQuery.listOf("pathMessageSid"))
                .to(twilio("message-media/reader")));
    }
}
