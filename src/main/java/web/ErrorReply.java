package web;

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
        ApiError error = ApiError.of(e);
        if (error.status() >= 500) {
            LOG.error("Unhandled error on {}", HttpRequest.loggable(exchange.getIn().getHeader(Exchange.HTTP_URI)), e);
        }
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setBody(JsonReply.bytes(Json.MAPPER.writeValueAsBytes(error.body())));
    }
}
