package routes;

import twilio.MessageCreatorHeaders;
import twilio.MessageRequest;
import twilio.ProfileDefaults;
import twilio.TwilioHeaders;
import twilio.TwilioProfiles;
import twilio.TwilioQuery;
import web.Reply;

/** /api/twilio/messages: send, list, get, delete and media of the account's messages (camel-twilio message APIs). */
public class TwilioMessagesApiRoute extends TwilioApiRouteBuilder {

    @Override
    public void configure() {
        TwilioProfiles profiles = getContext().getRegistry().lookupByNameAndType("twilioProfiles", TwilioProfiles.class);
        app.CalloutConfig cfg = getContext().getRegistry().lookupByNameAndType("calloutConfig", app.CalloutConfig.class);
        // from defaults to the profile's number, statusCallback to /twilio/status/message/0 so statistics count it
        twilioApi("POST", "/api/twilio/messages", "api-twilio-messages-create")
                .unmarshal().json(MessageRequest.class)
                .transform(method(new ProfileDefaults(profiles, cfg.publicUrl()), "message"))
                .process(new MessageCreatorHeaders(profiles))
                .to(twilio("message/creator"))
                .process(TwilioHeaders.CLEAR)
                .transform(method(twilio.ResourceJson.class, "one(${body})"))
                .transform().body(Reply::created)
                .process(JSON_REPLY);

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
