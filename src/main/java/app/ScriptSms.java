package app;

import java.util.function.BiPredicate;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twilio.OutboundSms;

/** callout.sendSms(to, body) for scripts: the same route as every other SMS (retries, status callback, stats). */
final class ScriptSms implements BiPredicate<String, String>, webhook.ScriptApi.Sms {

    /** An alphanumeric sender ID as Twilio takes it: up to 11 letters, digits and spaces, at least one letter. */
    private static final java.util.regex.Pattern ALPHANUMERIC_SENDER =
            java.util.regex.Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");

    private static final Logger LOG = LoggerFactory.getLogger(ScriptSms.class);

    private final CamelContext context;
    private final String from;
    private final String statusCallback;
    private volatile ProducerTemplate template;

    ScriptSms(CamelContext context, String from, String publicUrl) {
        this.context = context;
        this.from = from;
        this.statusCallback = publicUrl + "/twilio/status/message/0";
    }

    @Override
    public boolean test(String to, String body) {
        return send(to, body, null);
    }

    @Override
    public boolean send(String to, String body, String sender) {
        try {
            String fromNumber = sender == null || sender.isBlank() ? from
                    : ALPHANUMERIC_SENDER.matcher(sender.strip()).matches() ? sender.strip()
                    : roster.PhoneNumbers.check("from", sender).e164();
            if (template == null) {
                template = context.createProducerTemplate();
            }
            template.requestBody("direct:twilio-sms", new OutboundSms(roster.PhoneNumbers.check("to", to).e164(), fromNumber,
                    body, statusCallback));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Script SMS to {} failed: {}", to, e.getMessage());
            return false;
        }
    }
}
