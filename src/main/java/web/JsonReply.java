package web;

import java.nio.ByteBuffer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** Writes the body as JSON ({@link Reply} picks the status), dropping request headers so none are echoed back. */
public final class JsonReply implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Object body = in.getBody();
        int status = 200;
        if (body instanceof Reply reply) {
            status = reply.status();
            body = reply.body();
        }
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (body == null || status == 204) {
            in.setBody(null);
            return;
        }
        if (body instanceof CsvBody csv) {
            in.setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
            in.setBody(csv.text());
            return;
        }
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(bytes(Json.MAPPER.writeValueAsBytes(body)));
    }

    /**
     * A response body platform-http writes in one piece, with a Content-Length. It ends the response with a
     * ByteBuffer (copied once into a Vert.x buffer) or a String as they are; anything else, byte[] included, it
     * converts to an InputStream and pumps in 8 KB reads, each on a worker thread (executeBlocking): a tenth of the
     * alarm path's allocation and two more thread hand-offs per response. A Vert.x Buffer would skip the pump too,
     * but platform-http sends only byte[] and ByteBuffer bodies with a Content-Length (others chunked).
     */
    public static ByteBuffer bytes(byte[] body) {
        return body == null ? null : ByteBuffer.wrap(body);
    }

    /** A CSV document, written as text/csv. */
    public record CsvBody(String text) {
    }
}
