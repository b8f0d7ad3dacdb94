package twilio;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** A webhook's form body (platform-http gives a Map of String or List values) as a Map of Strings. */
public final class WebhookParams {

    private WebhookParams() {
    }

    /** The first value of each parameter, in the order the body's map gives them. */
    public static Map<String, String> of(Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            return new LinkedHashMap<>();
        }
        // sized for all of them: a voice webhook has ~20 parameters, the default capacity would rehash twice
        Map<String, String> out = new LinkedHashMap<>(Math.max(16, (int) (map.size() / 0.75f) + 1));
        map.forEach((k, v) -> {
            Object first = v instanceof Collection<?> c ? (c.isEmpty() ? null : c.iterator().next()) : v;
            if (k != null && first != null) {
                out.put(k.toString(), first.toString());
            }
        });
        return out;
    }
}
