package twilio;

import com.twilio.http.TwilioRestClient;
import java.util.Optional;

/** Builds the one TwilioRestClient that camel-twilio and the account API share. */
public final class TwilioClients {

    private TwilioClients() {
    }

    public static TwilioRestClient create(String accountSid, String authToken, Optional<String> apiBase) {
        TwilioRestClient.Builder b = new TwilioRestClient.Builder(accountSid, authToken).accountSid(accountSid);
        apiBase.ifPresent(base -> b.httpClient(new BaseUrlHttpClient(() -> base)));
        return b.build();
    }
}
