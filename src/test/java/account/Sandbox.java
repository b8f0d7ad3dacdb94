package account;

import app.CalloutConfig;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.util.Optional;
import support.CalloutApp;
import twilio.TwilioClients;

/** Direct access to an app's sandbox through the Twilio SDK, to set up resources without Callout's API. */
final class Sandbox {

    static final String SID = CalloutConfig.SANDBOX_ACCOUNT_SID;
    static final String TOKEN = CalloutConfig.SANDBOX_AUTH_TOKEN;
    static final String FROM = CalloutConfig.SANDBOX_FROM_NUMBER;

    private Sandbox() {
    }

    static TwilioRestClient client(CalloutApp app) {
        return TwilioClients.create(SID, TOKEN, Optional.of(app.url("/sandbox/twilio")));
    }

    static String sms(TwilioRestClient client, String from, String to, String body) {
        return Message.creator(new PhoneNumber(to), new PhoneNumber(from), body).create(client).getSid();
    }
}
