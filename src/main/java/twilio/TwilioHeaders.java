package twilio;

import com.twilio.type.PhoneNumber;
import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Turns an {@link OutboundSms} or {@link OutboundCall} body into camel-twilio's {@code CamelTwilio.*} headers,
 * typed as the SDK wants them (headers are not type-converted).
 */
public final class TwilioHeaders implements Processor {

    private static final String P = "CamelTwilio.";

    /** Removes every CamelTwilio* header (the SDK call's parameters, or what it left behind). */
    public static final Processor CLEAR = e -> clear(e.getIn());

    /**
     * What {@code removeHeaders("CamelTwilio*")} does, without its cost: Camel tries the pattern as a regular
     * expression, compiled anew, on every header whose name does not start with it.
     */
    public static void clear(Message in) {
        in.getHeaders().keySet().removeIf(name -> name.regionMatches(true, 0, "CamelTwilio", 0, 11));
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        clear(in);
        Object body = in.getBody();
        if (body instanceof OutboundSms sms) {
            in.setHeader(P + "to", new PhoneNumber(sms.to()));
            in.setHeader(P + "from", new PhoneNumber(sms.from()));
            in.setHeader(P + "body", sms.body());
            if (sms.statusCallback() != null) {
                in.setHeader(P + "statusCallback", URI.create(sms.statusCallback()));
            }
            if (sms.accountSid() != null) {
                in.setHeader(P + "pathAccountSid", sms.accountSid());
            }
        } else if (body instanceof OutboundCall call) {
            in.setHeader(P + "to", new PhoneNumber(call.to()));
            in.setHeader(P + "from", new PhoneNumber(call.from()));
            in.setHeader(P + "url", URI.create(call.url()));
            if (call.statusCallback() != null) {
                in.setHeader(P + "statusCallback", URI.create(call.statusCallback()));
            }
            if (call.accountSid() != null) {
                in.setHeader(P + "pathAccountSid", call.accountSid());
            }
            if (call.timeoutSeconds() > 0) {
                in.setHeader(P + "timeout", call.timeoutSeconds());
            }
        } else {
            throw new IllegalArgumentException("not a Twilio request: " + body);
        }
    }
}
