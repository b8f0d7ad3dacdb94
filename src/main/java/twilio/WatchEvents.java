package twilio;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.Recording;
import com.twilio.rest.api.v2010.account.Transcription;
import com.twilio.rest.monitor.v1.Alert;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * New Twilio resources as Kynetx-style events: {@code {"domain": "twilio", "type": "new_message", "attrs": {...}}}
 * where {@code attrs} holds the resource's fields under Twilio's lowercase names ({@code sid}, {@code from},
 * {@code to}, {@code body}, {@code status}, {@code date_created}…).
 */
public final class WatchEvents {

    public static final String DOMAIN = "twilio";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final ObjectMapper SNAKE = ResourceJson.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private WatchEvents() {
    }

    /** The event for one SDK resource. */
    public static Map<String, Object> of(Object resource) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("domain", DOMAIN);
        event.put("type", type(resource));
        event.put("attrs", SNAKE.convertValue(resource, MAP));
        return event;
    }

    /** new_message, new_call, new_recording, new_transcription, new_alert. */
    public static String type(Object resource) {
        if (resource instanceof Message) {
            return "new_message";
        }
        if (resource instanceof Call) {
            return "new_call";
        }
        if (resource instanceof Recording) {
            return "new_recording";
        }
        if (resource instanceof Transcription) {
            return "new_transcription";
        }
        if (resource instanceof Alert) {
            return "new_alert";
        }
        throw new IllegalArgumentException("not a watched Twilio resource: " + resource);
    }

    /**
     * The newest {@code limit} resources of a poll (Twilio lists newest first), oldest of them first so events
     * come out in creation order; a single resource is a list of one.
     */
    public static List<Object> newest(Object resources, int limit) {
        List<Object> out = new ArrayList<>();
        if (resources instanceof Iterable<?> items) {
            Iterator<?> it = items.iterator();
            while (out.size() < limit && it.hasNext()) {
                out.add(0, it.next());
            }
        } else if (resources != null) {
            out.add(resources);
        }
        return out;
    }
}
