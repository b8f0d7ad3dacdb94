package twilio;

import com.twilio.type.PhoneNumber;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.util.StringHelper;

/**
 * One watcher's poll as camel-twilio reader headers: the seed's per-watcher filters from
 * {@code callout.twilio.watch.<kinds>.<filter>} (messages: to, from; calls: to, from, parent-call-sid, status;
 * recordings: call-sid, conference-sid), checked as the API checks them, and a page the size of its limit.
 * camel-twilio's consumers take no reader filters (only the reader's constructor arguments), so watchers poll with
 * a timer and the producer, which takes them as headers.
 */
public final class WatchQuery implements Processor {

    private static final String P = "CamelTwilio.";
    private static final Map<String, List<String>> FILTERS = Map.of(
            "messages", List.of("to", "from"),
            "calls", List.of("to", "from", "parent-call-sid", "status"),
            "recordings", List.of("call-sid", "conference-sid"),
            "transcriptions", List.of());

    private final Map<String, Object> headers = new LinkedHashMap<>();

    /** @param property a watcher property by key, empty string when unset */
    public WatchQuery(String kinds, Function<String, String> property, int limit) {
        for (String filter : FILTERS.getOrDefault(kinds, List.of())) {
            String key = "callout.twilio.watch." + kinds + "." + filter;
            String raw = property.apply(key);
            if (raw == null || raw.isBlank()) {
                continue;
            }
            Object value = switch (filter) {
                case "to", "from" -> new PhoneNumber(AccountFilters.address(key, raw));
                case "status" -> AccountFilters.callStatus(raw);
                default -> AccountFilters.sid(key, raw.trim());
            };
            headers.put(P + StringHelper.dashToCamelCase(filter), value);
        }
        headers.put(P + "pageSize", (long) limit);
    }

    /** The filter headers (tests and logs). */
    public Map<String, Object> headers() {
        return headers;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        TwilioHeaders.clear(in);
        in.getHeaders().putAll(headers);
    }
}
