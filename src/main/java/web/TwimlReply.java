package web;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** Writes a TwiML string as application/xml with status 200, XML header added if missing, no echoed headers. */
public final class TwimlReply implements Processor {

    public static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String xml = in.getBody(String.class);
        if (xml == null || xml.isBlank()) {
            xml = "<Response/>";
        }
        if (!xml.stripLeading().startsWith("<?xml")) {
            xml = HEADER + xml;
        }
        in.getHeaders().clear();  // no echoed headers (removeHeaders("*") matched a pattern against each)
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setHeader(Exchange.CONTENT_TYPE, "application/xml");
        in.setBody(xml);
    }
}
