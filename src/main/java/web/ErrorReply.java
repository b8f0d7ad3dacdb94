package web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the exception of a failed API exchange into {"error", "field"} with the right status; never a stack trace. */
public final class ErrorReply implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReply.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String message;
        String field = null;
        if (e instanceof ApiException api) {
            status = api.status();
            message = api.getMessage();
            field = api.field();
        } else if (e instanceof UnrecognizedPropertyException u) {
            status = 400;
            field = u.getPropertyName();
            message = "unknown field '" + field + "'";
        } else if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            status = 400;
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            message = "invalid value for '" + field + "': " + m.getOriginalMessage();
        } else if (e instanceof JsonProcessingException j) {
            status = 400;
            message = "malformed JSON: " + j.getOriginalMessage();
        } else {
            status = 500;
            message = "internal error";
            LOG.error("Unhandled error on {}", HttpRequest.loggable(exchange.getIn().getHeader(Exchange.HTTP_URI)), e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setBody(JsonReply.bytes(Json.MAPPER.writeValueAsBytes(body)));
    }
}
