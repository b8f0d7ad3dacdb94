package twilio;

import com.twilio.type.PhoneNumber;
import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * A checked {@link MessageRequest} body as camel-twilio message/creator headers, typed as the SDK wants them, on the
 * profile's account ({@code pathAccountSid}: {@link BaseUrlHttpClient} then uses that profile's base and credentials).
 */
public final class MessageCreatorHeaders implements Processor {

    private static final String P = "CamelTwilio.";

    private final TwilioProfiles profiles;

    public MessageCreatorHeaders(TwilioProfiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        MessageRequest m = in.getBody(MessageRequest.class);
        TwilioHeaders.clear(in);
        in.setHeader(P + "pathAccountSid", profiles.get("profile", m.profile()).accountSid());
        in.setHeader(P + "to", new PhoneNumber(m.to()));
        if (m.from() != null) {
            in.setHeader(P + "from", new PhoneNumber(m.from()));
        }
        set(in, "messagingServiceSid", m.messagingServiceSid());
        set(in, "body", m.body());
        if (!m.mediaUrl().isEmpty()) {
            in.setHeader(P + "mediaUrl", m.mediaUrl().stream().map(URI::create).toList());
        }
        in.setHeader(P + "statusCallback", URI.create(m.statusCallback()));
        set(in, "applicationSid", m.applicationSid());
        set(in, "validityPeriod", m.validityPeriod());
        set(in, "maxPrice", m.maxPrice());
        set(in, "smartEncoded", m.smartEncoded());
        set(in, "provideFeedback", m.provideFeedback());
        set(in, "attempt", m.attempt());
        set(in, "sendAsMms", m.sendAsMms());
        set(in, "shortenUrls", m.shortenUrls());
    }

    private static void set(Message in, String name, Object value) {
        if (value != null) {
            in.setHeader(P + name, value);
        }
    }
}
