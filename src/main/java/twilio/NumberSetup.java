package twilio;

import com.twilio.http.HttpMethod;
import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * POST /api/twilio/numbers/{sid}/setup: points one of the account's numbers at Callout, as the README asks you to do
 * in Twilio's console: VoiceUrl {@code {public-url}/twilio/voice/inbound/0}, SmsUrl {@code {public-url}/twilio/sms},
 * StatusCallback {@code {public-url}/twilio/status/call/0}, all POST (camel-twilio incoming-phone-number/updater
 * headers; {@code ?profile=} picks the account).
 */
public final class NumberSetup implements Processor {

    private static final String P = "CamelTwilio.";

    private final TwilioProfiles profiles;
    private final String publicUrl;

    public NumberSetup(TwilioProfiles profiles, String publicUrl) {
        this.profiles = profiles;
        this.publicUrl = publicUrl;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String sid = in.getHeader("sid", String.class);
        if (sid == null || !sid.matches("PN[0-9a-fA-F]{32}")) {
            throw web.ApiException.badRequest("sid", "sid must be a phone number SID (PN and 32 hex digits), got '"
                    + sid + "'");
        }
        TwilioProfile p = profiles.get("profile", in.getHeader("profile", String.class));
        TwilioHeaders.clear(in);
        in.setHeader(P + "pathAccountSid", p.accountSid());
        in.setHeader(P + "pathSid", sid);
        in.setHeader(P + "voiceUrl", URI.create(publicUrl + "/twilio/voice/inbound/0"));
        in.setHeader(P + "voiceMethod", HttpMethod.POST);
        in.setHeader(P + "smsUrl", URI.create(publicUrl + "/twilio/sms"));
        in.setHeader(P + "smsMethod", HttpMethod.POST);
        in.setHeader(P + "statusCallback", URI.create(publicUrl + "/twilio/status/call/0"));
        in.setHeader(P + "statusCallbackMethod", HttpMethod.POST);
    }
}
