package twiml;

import com.twilio.twiml.TwiML;
import com.twilio.twiml.TwiMLException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;

/**
 * The SDK's own TwiML serialisation (its element building, so escaping and attribute names are the SDK's), with the
 * DOM builder and transformer kept per thread: {@code TwiML.toXml()} creates both factories for every document, which
 * was the largest single cost of a voice webhook in the benchmark profile. Falls back to {@code toXml()} if the SDK
 * changes shape.
 */
final class XmlWriter {

    private static final Method BUILD = buildMethod();
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<Transformer> TRANSFORMER = ThreadLocal.withInitial(() -> {
        try {
            return TransformerFactory.newInstance().newTransformer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });

    private XmlWriter() {
    }

    static String toXml(TwiML twiml) throws TwiMLException {
        if (BUILD == null) {
            return twiml.toXml();
        }
        try {
            Document doc = BUILDER.get().newDocument();
            doc.setXmlStandalone(true);
            doc.appendChild((org.w3c.dom.Node) BUILD.invoke(twiml, doc));
            StringWriter out = new StringWriter(512);
            Transformer t = TRANSFORMER.get();
            t.reset();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (ReflectiveOperationException | javax.xml.transform.TransformerException e) {
            return twiml.toXml();
        }
    }

    private static Method buildMethod() {
        try {
            Method m = TwiML.class.getDeclaredMethod("buildXmlElement", Document.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
