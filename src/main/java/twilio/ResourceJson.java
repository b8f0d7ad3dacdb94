package twilio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.twilio.type.Endpoint;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Twilio SDK resources (Message, Call, Recording, Transcription, Media, Alert) as plain JSON maps: every getter
 * under its camelCase name, dates as ISO-8601 UTC, enums and phone numbers as Twilio writes them.
 */
public final class ResourceJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .addMixIn(Endpoint.class, AsString.class);

    private ResourceJson() {
    }

    /** One resource as a map; null stays null. */
    public static Map<String, Object> one(Object resource) {
        return resource == null ? null : MAPPER.convertValue(resource, MAP);
    }

    /**
     * At most {@code limit} resources of an SDK ResourceSet (or any Iterable), newest first as Twilio lists them;
     * further pages are fetched by the SDK only while more are needed.
     */
    public static List<Map<String, Object>> list(Object resources, int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (resources instanceof Iterable<?> items) {
            Iterator<?> it = items.iterator();
            while (out.size() < limit && it.hasNext()) {
                out.add(one(it.next()));
            }
        } else if (resources != null) {
            out.add(one(resources));
        }
        return out;
    }

    /** Phone numbers, SIP addresses and clients are written as the string Twilio uses. */
    @JsonSerialize(using = ToStringSerializer.class)
    abstract static class AsString {
    }
}
