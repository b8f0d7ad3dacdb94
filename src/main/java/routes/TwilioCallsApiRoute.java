package routes;

import app.CalloutConfig;
import twilio.CallCreatorHeaders;
import twilio.CallDefaults;
import twilio.CallRequest;
import twilio.TwilioHeaders;
import twilio.TwilioQuery;
import web.JsonBody;
import web.Reply;

/** /api/twilio/calls: list, place, get, update and delete the account's calls (camel-twilio call APIs). */
public class TwilioCallsApiRoute extends TwilioApiRouteBuilder {

    @Override
    public void configure() {
        CalloutConfig cfg = getContext().getRegistry().lookupByNameAndType("calloutConfig", CalloutConfig.class);
        replyList(twilioApi("GET", "/api/twilio/calls", "api-twilio-calls-list")
                .process(TwilioQuery.calls())
                .to(twilio("call/reader")));

        // from defaults to Callout's number, statusCallback to /twilio/status/call/0 so statistics count it
        twilioApi("POST", "/api/twilio/calls", "api-twilio-calls-create")
                .process(JsonBody.of(CallRequest.class))
                .transform(method(new CallDefaults(getContext().getRegistry().lookupByNameAndType("twilioProfiles",
                        twilio.TwilioProfiles.class), cfg.publicUrl()), "apply"))
                .process(new CallCreatorHeaders())
                .to(twilio("call/creator"))
                .process(TwilioHeaders.CLEAR)
                .transform(method(twilio.ResourceJson.class, "one(${body})"))
                .transform().body(Reply::created)
                .process(JSON_REPLY);

        replyOne(twilioApi("GET", "/api/twilio/calls/{sid}", "api-twilio-calls-get")
                .process(TwilioQuery.bySid("pathSid"))
                .to(twilio("call/fetcher")));

        // a live call: redirect (url or twiml) or end it (status completed | canceled)
        replyOne(twilioApi("POST", "/api/twilio/calls/{sid}", "api-twilio-calls-update")
                .unmarshal().json(twilio.CallUpdate.class)
                .process(new twilio.CallUpdate.Headers())
                .to(twilio("call/updater")));

        twilioApi("DELETE", "/api/twilio/calls/{sid}", "api-twilio-calls-delete")
                .process(TwilioQuery.bySid("pathSid"))
                .to(twilio("call/deleter"))
                .process(TwilioHeaders.CLEAR)
                .setBody(constant(Reply.noContent()))
                .process(JSON_REPLY);
    }
}
