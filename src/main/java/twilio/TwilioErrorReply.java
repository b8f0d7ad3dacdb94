package twilio;

import com.twilio.exception.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import web.Json;

/**
 * A failed Twilio call as Callout's JSON error plus Twilio's own fields:
 * {@code {"error", "field": null, "code", "twilioStatus", "moreInfo"}}. Twilio's 4xx keep their status (404 stays
 * 404); rejected credentials (401/403), throttling and server errors become 502: they are Callout's problem, not
 * the caller's.
 */
public final class TwilioErrorReply implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioErrorReply.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable root = TwilioErrors.root(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        Map<String, Object> body = new LinkedHashMap<>();
        int status = 502;
        if (root instanceof ApiException api) {
            Integer twilioStatus = api.getStatusCode();
            if (twilioStatus != null && twilioStatus >= 400 && twilioStatus < 500
                    && twilioStatus != 401 && twilioStatus != 403 && twilioStatus != 429) {
                status = twilioStatus;
            }
            body.put("error", api.getMessage());
            body.put("field", null);
            body.put("code", api.getCode());
            body.put("twilioStatus", twilioStatus);
            body.put("moreInfo", api.getMoreInfo());
        } else {
            body.put("error", "Twilio request failed: " + TwilioErrors.describe(root));
            body.put("field", null);
        }
        if (status >= 500) {
            LOG.warn("Twilio request for {} failed: {}",
                    web.HttpRequest.loggable(exchange.getIn().getHeader(Exchange.HTTP_URI)),
                    TwilioErrors.describe(root));
        }
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setBody(web.JsonReply.bytes(Json.MAPPER.writeValueAsBytes(body)));
    }
}
