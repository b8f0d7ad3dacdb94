package twilio;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Replaces a webhook's form body (platform-http gives a Map of String or List values) with a Map of Strings. */
public final class WebhookParams implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().setBody(of(exchange.getIn().getBody()));
    }

    public static Map<String, String> of(Object body) {
        if (body instanceof Params done) {
            return done;  // converted already (by SignatureCheck): one copy a request, not one per step
        }
        Map<String, String> out = new Params(body instanceof Map<?, ?> m ? m.size() : 0);
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                Object first = v instanceof Collection<?> c ? (c.isEmpty() ? null : c.iterator().next()) : v;
                if (k != null && first != null) {
                    out.put(k.toString(), first.toString());
                }
            });
        }
        return out;
    }

    /** The parameters as this class made them: first value of each, in the order they came. */
    private static final class Params extends LinkedHashMap<String, String> {
        private static final long serialVersionUID = 1L;

        Params(int size) {
            super(Math.max(16, (int) (size / 0.75f) + 1));  // a voice webhook has ~20 parameters: no rehash
        }
    }
}
