package alarm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import web.ApiException;

/**
 * Parses an alarm payload (one object, an array, or one object per line) and validates every event against
 * the published schema (schema/alarm.schema.json) before anything is stored: a payload is accepted whole or not at all.
 */
public final class AlarmPayloads {

    public static final int MAX_EVENTS = 10_000;
    private static final Set<String> KNOWN = Set.of("source", "name", "displayPath", "priority", "state", "message",
            "roster", "eventId", "eventTime");

    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final JsonSchema schema;

    public AlarmPayloads() {
        try (InputStream in = AlarmPayloads.class.getResourceAsStream("/schema/alarm.schema.json")) {
            SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, cfg);
        } catch (IOException e) {
            throw new IllegalStateException("alarm schema missing", e);
        }
    }

    /** Events and the warnings (ignored fields) they earned. */
    public record Parsed(List<AlarmInput> events, List<String> warnings) {
    }

    public Parsed parse(String payload) {
        if (payload == null || payload.isBlank()) {
            throw ApiException.badRequest(null, "empty payload: expected an alarm JSON object, an array, or one object per line");
        }
        List<JsonNode> nodes = nodes(payload.strip());
        if (nodes.size() > MAX_EVENTS) {
            throw ApiException.badRequest(null, "too many alarms in one payload: " + nodes.size() + " > " + MAX_EVENTS);
        }
        List<AlarmInput> out = new ArrayList<>(nodes.size());
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String prefix = nodes.size() == 1 ? "" : "[" + i + "].";
            out.add(validate(nodes.get(i), prefix, warnings));
        }
        return new Parsed(out, warnings);
    }

    private List<JsonNode> nodes(String payload) {
        try {
            if (payload.startsWith("[")) {
                JsonNode array = mapper.readTree(payload);
                List<JsonNode> list = new ArrayList<>();
                ((ArrayNode) array).forEach(list::add);
                if (list.isEmpty()) {
                    throw ApiException.badRequest(null, "empty array: no alarm to accept");
                }
                return list;
            }
            List<JsonNode> list = new ArrayList<>();
            Iterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(payload);
            while (it.hasNext()) {
                list.add(it.next());
            }
            return list;
        } catch (JsonProcessingException e) {
            // a StreamConstraintsException (nested too deep, number too long) has no location
            throw ApiException.badRequest(null, "malformed JSON" + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())
                    + ": " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            Throwable c = e.getCause() instanceof JsonProcessingException ? e.getCause() : e;
            throw ApiException.badRequest(null, "malformed JSON: " + c.getMessage());
        }
    }

    private AlarmInput validate(JsonNode node, String prefix, List<String> warnings) {
        if (!node.isObject()) {
            throw ApiException.badRequest(prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1),
                    "an alarm must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        node.fields().forEachRemaining(f -> {
            // 1e999999 reads as an infinite double, which the schema's enum check cannot compare (it threw)
            if (KNOWN.contains(f.getKey()) && f.getValue().isNumber() && !Double.isFinite(f.getValue().asDouble())) {
                throw ApiException.badRequest(prefix + f.getKey(), f.getKey() + " must be a string, got a number "
                        + "out of range");
            }
        });
        Set<ValidationMessage> errors = schema.validate(node);
        if (!errors.isEmpty()) {
            ValidationMessage first = errors.stream()
                    .min(Comparator.comparing(m -> m.getInstanceLocation().toString())).orElseThrow();
            String field = first.getProperty() != null ? first.getProperty()
                    : first.getInstanceLocation().getName(-1);
            String message = switch (first.getType()) {
                case "required" -> field + " is required";
                case "enum" -> field.equals("priority")
                        ? "priority must be one of Diagnostic, Low, Medium, High, Critical, got " + node.get(field)
                        : field + " must be active or cleared, got " + node.get(field);
                default -> field + ": " + first.getMessage().replaceFirst("^\\$[^:]*: ", "");
            };
            throw ApiException.badRequest(prefix + field, message);
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!KNOWN.contains(f)) {
                warnings.add(prefix + f + ": unknown field ignored");
            }
        });
        String source = required(node, "source", prefix);
        String name = required(node, "name", prefix);
        String state = text(node, "state");
        return new AlarmInput(
                source, name, text(node, "displayPath"),
                Priority.parse(text(node, "priority")),
                state == null || state.equalsIgnoreCase("active"),
                text(node, "message"), blankToNull(text(node, "roster")), blankToNull(text(node, "eventId")),
                instant(text(node, "eventTime")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A required text, trimmed as it is stored: "   " passes the schema's minLength but would store "". */
    private static String required(JsonNode node, String field, String prefix) {
        String v = text(node, field).trim();
        if (v.isEmpty()) {
            throw ApiException.badRequest(prefix + field, field + " must not be blank");
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Instant instant(String s) {
        return s == null ? null : OffsetDateTime.parse(s).toInstant();
    }
}
