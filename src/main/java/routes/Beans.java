package routes;

import java.util.Map;
import org.apache.camel.Exchange;

/**
 * What the hot routes' processors need from an exchange: a registry bean, and a webhook's parameters. They call
 * Callout's beans directly; bean binding with simple-language arguments cost more than the calls themselves.
 */
final class Beans {

    private Beans() {
    }

    static <T> T bean(Exchange e, String name, Class<T> type) {
        return e.getContext().getRegistry().lookupByNameAndType(name, type);
    }

    /** A webhook's Twilio parameters (the Map of Strings that {@code twilio.WebhookParams} made). */
    @SuppressWarnings("unchecked")
    static Map<String, String> params(Exchange e) {
        return e.getIn().getBody(Map.class);
    }
}
