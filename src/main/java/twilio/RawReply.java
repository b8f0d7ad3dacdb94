package twilio;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** Writes a {@link TwilioHttp.Result} body back unchanged: Twilio's status, Content-Type and bytes. */
public final class RawReply implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        TwilioHttp.Result r = in.getBody(TwilioHttp.Result.class);
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, r.status());
        if (r.contentType() != null) {
            in.setHeader(Exchange.CONTENT_TYPE, r.contentType());
        }
        in.setBody(r.body() == null || r.body().length == 0 ? null : r.body());
    }
}
