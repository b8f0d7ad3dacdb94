package twiml;

import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Message;
import com.twilio.twiml.messaging.Redirect;
import java.util.Map;
import java.util.Set;

/** Messaging TwiML builder for SMS scripts, on the Twilio SDK's TwiML classes. */
public final class MessagingTwiml implements Twiml {

    private static final Set<String> MESSAGE_OPTS = Set.of("to", "from", "action", "method", "statusCallback");
    private static final Set<String> REDIRECT_OPTS = Set.of("method");

    private final MessagingResponse.Builder response = new MessagingResponse.Builder();
    private int verbs;
    private String trusted;

    public MessagingTwiml message(String body) {
        return message(Map.of(), body);
    }

    /** Options: to, from, action, method, statusCallback. */
    public MessagingTwiml message(Map<String, ?> opts, String body) {
        Opts o = Opts.of("message", opts, MESSAGE_OPTS);
        Message.Builder message = new Message.Builder(VoiceTwiml.requireText("message", body));
        if (o.has("to")) {
            message.to(o.str("to"));
        }
        if (o.has("from")) {
            message.from(o.str("from"));
        }
        if (o.has("action")) {
            message.action(o.str("action"));
        }
        if (o.has("method")) {
            message.option("method", o.method("method"));
        }
        if (o.has("statusCallback")) {
            message.statusCallback(o.str("statusCallback"));
        }
        response.message(message.build());
        verbs++;
        return this;
    }

    public MessagingTwiml redirect(String url) {
        return redirect(Map.of(), url);
    }

    /** Options: method (GET or POST). */
    public MessagingTwiml redirect(Map<String, ?> opts, String url) {
        Opts o = Opts.of("redirect", opts, REDIRECT_OPTS);
        Redirect.Builder redirect = new Redirect.Builder(VoiceTwiml.requireText("redirect", url));
        if (o.has("method")) {
            redirect.option("method", o.method("method"));
        }
        response.redirect(redirect.build());
        verbs++;
        return this;
    }

    /** A TwiML fragment inserted through the SDK; must be well-formed XML. */
    public MessagingTwiml raw(String xml) {
        verbs += TrustedXml.addRaw(response, xml, trusted);
        return this;
    }

    /** {@code xml} (this very String) is Callout's own TwiML: {@link #raw} splices it without re-parsing. */
    @Override
    public void trust(String xml) {
        this.trusted = xml;
    }

    @Override
    public String toXml() {
        return VoiceTwiml.render(response.build());
    }

    @Override
    public boolean isEmpty() {
        return verbs == 0;
    }

    @Override
    public String toString() {
        return toXml();
    }
}
