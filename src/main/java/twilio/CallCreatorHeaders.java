package twilio;

import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import java.net.URI;
import org.apache.camel.Message;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** A checked {@link CallRequest} body as camel-twilio call/creator headers, typed as the SDK wants them. */
public final class CallCreatorHeaders implements Processor {

    private static final String P = "CamelTwilio.";

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        CallRequest call = in.getBody(CallRequest.class);
        TwilioHeaders.clear(in);
        in.setHeader(P + "to", new PhoneNumber(call.to()));
        in.setHeader(P + "from", new PhoneNumber(call.from()));
        if (call.url() != null) {
            in.setHeader(P + "url", URI.create(call.url()));
        } else if (call.twiml() != null) {
            in.setHeader(P + "twiml", new Twiml(call.twiml()));
        } else {
            in.setHeader(P + "applicationSid", call.applicationSid());
        }
        if (call.profile() != null) {
            // the profile's account in the URL: BaseUrlHttpClient uses that profile's base and credentials
            TwilioProfiles profiles = exchange.getContext().getRegistry()
                    .lookupByNameAndType("twilioProfiles", TwilioProfiles.class);
            in.setHeader(P + "pathAccountSid", profiles.get("profile", call.profile()).accountSid());
        }
        if (call.callerId() != null) {
            in.setHeader(P + "callerId", call.callerId());
        }
        if (call.trim() != null) {
            in.setHeader(P + "trim", call.trim());
        }
        if (call.asyncAmd() != null) {
            in.setHeader(P + "asyncAmd", call.asyncAmd().toString());
        }
        if (call.asyncAmdStatusCallback() != null) {
            in.setHeader(P + "asyncAmdStatusCallback", URI.create(call.asyncAmdStatusCallback()));
        }
        if (call.statusCallbackEvent() != null) {
            in.setHeader(P + "statusCallbackEvent", call.statusCallbackEvent());
        }
        if (call.byoc() != null) {
            in.setHeader(P + "byoc", call.byoc());
        }
        in.setHeader(P + "statusCallback", URI.create(call.statusCallback()));
        if (call.sendDigits() != null) {
            in.setHeader(P + "sendDigits", call.sendDigits());
        }
        if (call.timeout() != null) {
            in.setHeader(P + "timeout", call.timeout());
        }
        if (call.record() != null) {
            in.setHeader(P + "record", call.record());
        }
        if (call.machineDetection() != null) {
            in.setHeader(P + "machineDetection", call.machineDetection());
        }
    }
}
