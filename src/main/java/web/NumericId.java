package web;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Rejects a non-numeric {id} path parameter with 400 before any bean sees it. */
public final class NumericId implements Processor {

    @Override
    public void process(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || !id.matches("\\d{1,18}")) {
            throw ApiException.badRequest("id", "id must be a number, got '" + id + "'");
        }
    }
}
