package twilio;

import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.Twiml;
import java.net.URI;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import web.ApiException;

/**
 * POST /api/twilio/calls/{sid}: update a live call. {@code {"url"}} or {@code {"twiml"}} redirects it to new TwiML
 * ({@code method} GET or POST for the url), {@code {"status":"completed"}} hangs it up,
 * {@code {"status":"canceled"}} cancels it while it is queued or ringing; {@code profile} as elsewhere.
 */
public record CallUpdate(String url, String method, String twiml, String status, String profile) {

    /** The update checked (exactly one of url, twiml and status), as camel-twilio call/updater headers. */
    public static final class Headers implements Processor {

        private static final String P = "CamelTwilio.";

        @Override
        public void process(Exchange exchange) {
            Message in = exchange.getIn();
            CallUpdate u = in.getBody(CallUpdate.class);
            if (u == null) {
                throw ApiException.badRequest("status", "a JSON body with url, twiml or status is required");
            }
            String sid = AccountFilters.sid("sid", in.getHeader("sid", String.class));
            String profile = u.profile() != null && !u.profile().isBlank() ? u.profile()
                    : in.getHeader("profile", String.class);
            TwilioProfiles profiles = exchange.getContext().getRegistry()
                    .lookupByNameAndType("twilioProfiles", TwilioProfiles.class);
            String accountSid = profiles.get("profile", profile).accountSid();
            boolean hasUrl = u.url() != null && !u.url().isBlank();
            boolean hasTwiml = u.twiml() != null && !u.twiml().isBlank();
            boolean hasStatus = u.status() != null && !u.status().isBlank();
            if ((hasUrl ? 1 : 0) + (hasTwiml ? 1 : 0) + (hasStatus ? 1 : 0) != 1) {
                throw ApiException.badRequest("url", "give exactly one of url, twiml (redirect the call) and status "
                        + "(completed or canceled)");
            }
            TwilioHeaders.clear(in);
            in.setHeader(P + "pathAccountSid", accountSid);
            in.setHeader(P + "pathSid", sid);
            if (hasUrl) {
                in.setHeader(P + "url", MessageRequest.httpUrl("url", u.url()));
                if (u.method() != null) {
                    String m = u.method().trim().toUpperCase(Locale.ROOT);
                    if (!m.equals("GET") && !m.equals("POST")) {
                        throw ApiException.badRequest("method", "method must be GET or POST");
                    }
                    in.setHeader(P + "method", HttpMethod.valueOf(m));
                }
            } else if (hasTwiml) {
                in.setHeader(P + "twiml", new Twiml(u.twiml()));
            } else {
                String s = u.status().trim().toLowerCase(Locale.ROOT);
                if (!s.equals("completed") && !s.equals("canceled")) {
                    throw ApiException.badRequest("status", "status must be completed (hang up) or canceled (while "
                            + "queued or ringing)");
                }
                in.setHeader(P + "status", Call.UpdateStatus.forValue(s));
            }
        }
    }
}
