package routes;

import app.CalloutConfig;
import twilio.NumberSetup;
import twilio.TwilioProfiles;
import twilio.TwilioQuery;

/** /api/twilio/numbers: the account's phone numbers, and pointing one at Callout in one call. */
public class TwilioNumbersApiRoute extends TwilioApiRouteBuilder {

    @Override
    public void configure() {
        CalloutConfig cfg = getContext().getRegistry().lookupByNameAndType("calloutConfig", CalloutConfig.class);
        TwilioProfiles profiles = getContext().getRegistry().lookupByNameAndType("twilioProfiles", TwilioProfiles.class);

        replyList(twilioApi("GET", "/api/twilio/numbers", "api-twilio-numbers-list")
                .process(TwilioQuery.numbers())
                .to(twilio("incoming-phone-number/reader")));

        // VoiceUrl, SmsUrl and StatusCallback at Callout's public URL: the console set-up of README in one call
        replyOne(twilioApi("POST", "/api/twilio/numbers/{sid}/setup", "api-twilio-numbers-setup")
                .process(new NumberSetup(profiles, cfg.publicUrl()))
                .to(twilio("incoming-phone-number/updater")));
    }
}
