package twilio;

import com.twilio.type.PhoneNumber;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Message;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns the query and path parameters of an /api/twilio request (HTTP headers on the exchange) into
 * camel-twilio's {@code CamelTwilio.*} headers, checked and typed as the SDK wants; the result limit goes to
 * {@link #LIMIT}.
 */
public final class TwilioQuery implements Processor {

    /** Header with the number of resources to return from a list. */
    public static final String LIMIT = "CalloutTwilioLimit";
    private static final String P = "CamelTwilio.";

    private final String sidParam;
    private final boolean list;
    private final Map<String, Filter> filters;

    private record Filter(String param, Function<String, Object> convert) {
    }

    private TwilioQuery(String sidParam, boolean list, Map<String, Filter> filters) {
        this.sidParam = sidParam;
        this.list = list;
        this.filters = filters;
    }

    /** {sid} of the path as camel-twilio's {@code sidParam} (pathSid, pathMessageSid…), nothing else. */
    public static TwilioQuery bySid(String sidParam) {
        return new TwilioQuery(sidParam, false, Map.of());
    }

    /** A list below one resource ({sid} as {@code sidParam}) with limit and pageSize. */
    public static TwilioQuery listOf(String sidParam) {
        return new TwilioQuery(sidParam, true, Map.of());
    }

    public static TwilioQuery messages() {
        Map<String, Filter> f = new LinkedHashMap<>();
        f.put("to", new Filter("to", v -> new PhoneNumber(AccountFilters.address("to", v))));
        f.put("from", new Filter("from", v -> new PhoneNumber(AccountFilters.address("from", v))));
        return new TwilioQuery(null, true, f);
    }

    public static TwilioQuery calls() {
        Map<String, Filter> f = new LinkedHashMap<>();
        f.put("to", new Filter("to", v -> new PhoneNumber(AccountFilters.address("to", v))));
        f.put("from", new Filter("from", v -> new PhoneNumber(AccountFilters.address("from", v))));
        f.put("parentCallSid", new Filter("parentCallSid", v -> AccountFilters.sid("parentCallSid", v)));
        f.put("status", new Filter("status", AccountFilters::callStatus));
        return new TwilioQuery(null, true, f);
    }

    public static TwilioQuery recordings() {
        Map<String, Filter> f = new LinkedHashMap<>();
        f.put("callSid", new Filter("callSid", v -> AccountFilters.sid("callSid", v)));
        f.put("conferenceSid", new Filter("conferenceSid", v -> AccountFilters.sid("conferenceSid", v)));
        return new TwilioQuery(null, true, f);
    }

    /** The account's phone numbers, by number (a part of it, as Twilio matches) or friendly name. */
    public static TwilioQuery numbers() {
        Map<String, Filter> f = new LinkedHashMap<>();
        f.put("phoneNumber", new Filter("phoneNumber", v -> new PhoneNumber(AccountFilters.address("phoneNumber", v))));
        f.put("friendlyName", new Filter("friendlyName", String::trim));
        return new TwilioQuery(null, true, f);
    }

    public static TwilioQuery transcriptions() {
        return new TwilioQuery(null, true, Map.of());
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        TwilioHeaders.clear(in);
        String profile = in.getHeader("profile", String.class);
        if (profile != null && !profile.isBlank()) {
            // another profile's account in the URL: BaseUrlHttpClient sends it with that profile's credentials
            TwilioProfiles profiles = exchange.getContext().getRegistry()
                    .lookupByNameAndType("twilioProfiles", TwilioProfiles.class);
            in.setHeader(P + "pathAccountSid", profiles.get("profile", profile).accountSid());
        }
        if (sidParam != null) {
            in.setHeader(P + sidParam, AccountFilters.sid("sid", in.getHeader("sid", String.class)));
        }
        filters.forEach((query, filter) -> {
            String v = in.getHeader(query, String.class);
            if (v != null && !v.isBlank()) {
                in.setHeader(P + filter.param(), filter.convert().apply(v));
            }
        });
        if (list) {
            int limit = AccountFilters.limit(in.getHeader("limit", String.class));
            int pageSize = AccountFilters.pageSize(in.getHeader("pageSize", String.class), limit);
            in.setHeader(P + "pageSize", (long) pageSize);
            in.setHeader(LIMIT, limit);
        }
    }
}
