package web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an API client is told about a failure: status, message and the offending field (null when none). */
public record ApiError(int status, String message, String field) {

    /** The 4xx a client's mistake earns, or a 500 "internal error" for anything else (which the caller logs). */
    public static ApiError of(Throwable e) {
        if (e instanceof ApiException api) {
            return new ApiError(api.status(), api.getMessage(), api.field());
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new ApiError(400, "unknown field '" + u.getPropertyName() + "'", u.getPropertyName());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = path(m);
            return new ApiError(400, "invalid value for '" + field + "': " + m.getOriginalMessage(), field);
        }
        if (e instanceof JsonProcessingException j) {
            return new ApiError(400, "malformed JSON: " + j.getOriginalMessage(), null);
        }
        return new ApiError(500, "internal error", null);
    }

    /** {"error", "field"}. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        return body;
    }

    /** members[0], ack.userId: the spelling RosterService and the alarm schema checks use too. */
    private static String path(JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
