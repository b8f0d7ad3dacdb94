package web;

import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Parses an API request body into {@code type} with the strict {@link Json#MAPPER}: from the raw bytes (so
 * invalid UTF-8 is refused, not replaced), unknown fields and trailing garbage rejected. Camel's
 * {@code unmarshal().json()} used a lenient mapper of its own that accepted {@code {...} x}.
 */
public final class JsonBody implements Processor {

    private final Class<?> type;

    private JsonBody(Class<?> type) {
        this.type = type;
    }

    public static JsonBody of(Class<?> type) {
        return new JsonBody(type);
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            throw ApiException.badRequest(null, "a JSON object is required, got an empty body");
        }
        // Jackson's errors (malformed, trailing tokens, wrong types) become 400s naming the field in ErrorReply
        Object value = Json.MAPPER.readValue(bytes, type);
        if (value == null) {
            throw ApiException.badRequest(null, "a JSON object is required, got null");
        }
        exchange.getIn().setBody(value);
    }
}
