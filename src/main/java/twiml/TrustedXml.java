package twiml;

import com.twilio.twiml.GenericNode;

/**
 * Callout's own TwiML (the default {@code response} a call script received, made by {@link XmlWriter} from the SDK's
 * classes) spliced unchanged into the script's document: it needs no parsing and re-checking. Only
 * {@link XmlWriter} knows it; anything a script writes itself still goes through {@link RawXml}.
 */
final class TrustedXml extends GenericNode {

    private final String xml;

    private TrustedXml(String xml) {
        super(new GenericNode.Builder("callout-trusted"));
        this.xml = xml;
    }

    String xml() {
        return xml;
    }

    /**
     * What a builder's {@code raw(xml)} does: Callout's own document ({@code xml} is the very String the builder was
     * told to trust) is spliced as it is, anything else is parsed and checked by {@link RawXml}.
     * @return how many items were added
     */
    static int addRaw(com.twilio.twiml.TwiML.Builder<?> builder, String xml, String trusted) {
        TrustedXml own = xml != null && xml == trusted ? childrenOf(xml) : null;
        if (own == null) {
            return RawXml.addTo(builder, xml);
        }
        builder.addChild(own);
        return own.xml().isEmpty() ? 0 : 1;
    }

    /**
     * The children of a document {@link XmlWriter} wrote ({@code <?xml…?><Response>…</Response>}), or null when
     * {@code document} does not have that exact shape (it is then parsed like any raw fragment).
     */
    static TrustedXml childrenOf(String document) {
        if (!XmlWriter.streaming() || document == null || !document.startsWith(XmlWriter.HEADER)) {
            return null;
        }
        int start = XmlWriter.HEADER.length();
        if (document.startsWith("<Response/>", start) && document.length() == start + 11) {
            return new TrustedXml("");
        }
        if (document.startsWith("<Response>", start) && document.endsWith("</Response>")
                && document.length() >= start + 21) {
            return new TrustedXml(document.substring(start + 10, document.length() - 11));
        }
        return null;
    }
}
