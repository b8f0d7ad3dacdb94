package web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The body as a String decoded as strict UTF-8: a payload with invalid bytes is refused with 400 instead of being
 * stored with replacement characters (Camel's String conversion replaces them silently). A body that already is a
 * String (a JMS text message) is kept.
 */
public final class Utf8Body implements Processor {

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body == null || body instanceof String) {
            return;
        }
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        exchange.getIn().setBody(bytes == null ? null : decode(bytes));
    }

    public static String decode(byte[] bytes) {
        // the JDK's fast path first; only a payload that decodes with a U+FFFD (invalid bytes, or a real one) is
        // decoded again, strictly, to tell which
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(null, "the payload is not valid UTF-8");
        }
    }
}
