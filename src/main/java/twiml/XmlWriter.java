package twiml;

import com.twilio.twiml.Text;
import com.twilio.twiml.TwiML;
import com.twilio.twiml.TwiMLException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serialises the SDK's TwiML tree straight to text, without the DOM document and XSLT transformer that
 * {@code TwiML.toXml()} builds for every document (those were most of a voice webhook's CPU time).
 *
 * <p>It walks the same tree the SDK's {@code buildXmlElement} walks, reads the same element body, attributes (with
 * the SDK's attribute-name mapping) and options, and writes what the JDK's serialiser writes for that DOM:
 * attributes in name order, {@code <Empty/>} for childless elements, the same character escapes (checked against
 * {@code toXml()} by {@code XmlWriterTest}, also on random text). A {@link TrustedXml} child, Callout's own default
 * TwiML spliced into a script's document, is written as it is. If the SDK changes shape this falls back to
 * {@code toXml()}.
 *
 * <p>Unlike the JDK's serialiser it never writes a character XML 1.0 forbids (a {@code &#27;} reference made Twilio
 * refuse the whole document): text and attribute values pass through {@link PhoneText#clean} first.
 */
final class XmlWriter {

    static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private static final MethodHandle BODY;
    private static final MethodHandle ATTRIBUTES;
    private static final VarHandle TEXT;
    private static final Map<String, String> ATTR_NAMES;

    static {
        MethodHandle body = null;
        MethodHandle attributes = null;
        VarHandle text = null;
        Map<String, String> names = null;
        try {
            MethodHandles.Lookup twiml = MethodHandles.privateLookupIn(TwiML.class, MethodHandles.lookup());
            body = twiml.findVirtual(TwiML.class, "getElementBody", MethodType.methodType(String.class));
            attributes = twiml.findVirtual(TwiML.class, "getElementAttributes", MethodType.methodType(Map.class));
            text = MethodHandles.privateLookupIn(Text.class, MethodHandles.lookup())
                    .findVarHandle(Text.class, "text", String.class);
            java.lang.reflect.Field f = TwiML.class.getDeclaredField("attrNameMapper");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, String> m = Map.copyOf((Map<String, String>) f.get(null));
            names = m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            body = null;
        }
        BODY = body;
        ATTRIBUTES = attributes;
        TEXT = text;
        ATTR_NAMES = names;
    }

    private XmlWriter() {
    }

    /** True when the SDK has the shape this writer reads (else {@link #toXml} uses the SDK's own serialiser). */
    static boolean streaming() {
        return BODY != null;
    }

    static String toXml(TwiML twiml) throws TwiMLException {
        if (BODY == null) {
            return twiml.toXml();
        }
        StringBuilder out = new StringBuilder(512).append(HEADER);
        try {
            write(twiml, out);
        } catch (Throwable e) {
            if (e instanceof Error err && !(e instanceof LinkageError)) {
                throw err;
            }
            return twiml.toXml();
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(TwiML node, StringBuilder out) throws Throwable {
        if (node instanceof TrustedXml trusted) {
            out.append(trusted.xml());
            return;
        }
        if (node instanceof Text) {
            String text = (String) TEXT.get(node);
            if (text != null) {
                escape(text, out, false);
            }
            return;
        }
        String tag = node.getTagName();
        out.append('<').append(tag);
        Map<String, String> attrs = (Map<String, String>) ATTRIBUTES.invoke(node);
        Map<String, String> options = node.getOptions();
        boolean hasAttrs = attrs != null && !attrs.isEmpty();
        boolean hasOptions = options != null && !options.isEmpty();
        if (hasAttrs || hasOptions) {
            // the DOM keeps attributes sorted by name; a later setAttribute of the same name replaces the value
            Map<String, String> sorted = new TreeMap<>();
            if (hasAttrs) {
                for (Map.Entry<String, String> e : attrs.entrySet()) {
                    sorted.put(ATTR_NAMES.getOrDefault(e.getKey(), e.getKey()), e.getValue());
                }
            }
            if (hasOptions) {
                sorted.putAll(options);
            }
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                out.append(' ').append(e.getKey()).append("=\"");
                escape(e.getValue(), out, true);
                out.append('"');
            }
        }
        String body = (String) BODY.invoke(node);
        java.util.List<TwiML> children = node.getChildren();
        boolean hasBody = body != null && !body.isEmpty();
        if (!hasBody && (children == null || children.isEmpty())) {
            out.append("/>");
            return;
        }
        out.append('>');
        if (hasBody) {
            escape(body, out, false);
        }
        if (children != null) {
            for (TwiML child : children) {
                write(child, out);
            }
        }
        out.append("</").append(tag).append('>');
    }

    /** Written as it is in text and attributes alike (the cases below that append {@code c} unchanged). */
    private static boolean isPlain(char c) {
        return c >= 0x20 && c < 0x7F ? c != '<' && c != '>' && c != '&' && c != '"'
                : c > 0x9F && !Character.isSurrogate(c) && c < '\uFFFE';
    }

    /**
     * The JDK serialiser's escapes for UTF-8 output (markup characters, CR, non-BMP as references), on the text
     * {@link PhoneText#clean} leaves: no control but tab, line feed and carriage return, no lone surrogate.
     */
    static void escape(String text, StringBuilder out, boolean attribute) {
        int plain = 0;
        while (plain < text.length() && isPlain(text.charAt(plain))) {
            plain++;
        }
        out.append(text, 0, plain);  // most text needs no escape at all: one copy, not a char at a time
        if (plain == text.length()) {
            return;
        }
        String s = PhoneText.clean(text.substring(plain));
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append("&#").append(Character.toCodePoint(c, s.charAt(++i))).append(';');
                    } else if (!Character.isSurrogate(c)) {
                        out.append(c);
                    }
                }
            }
        }
    }
}
