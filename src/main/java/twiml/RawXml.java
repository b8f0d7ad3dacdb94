package twiml;

import com.twilio.twiml.GenericNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Parses a raw TwiML fragment into SDK nodes, so it is checked and re-serialised like the rest. */
public final class RawXml {

    private static final DocumentBuilderFactory FACTORY = secureFactory();

    private RawXml() {
    }

    /** A raw item: either an element or loose text. */
    sealed interface Item permits ElementItem, TextItem {
    }

    record ElementItem(GenericNode node) implements Item {
    }

    record TextItem(String text) implements Item {
    }

    /**
     * Parses {@code xml}: one or more elements (text between them kept), or a whole
     * {@code <Response>} document whose children are taken.
     */
    static List<Item> parse(String xml) {
        if (xml == null) {
            throw new IllegalArgumentException("raw TwiML is null");
        }
        String trimmed = xml.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        Element root;
        if (trimmed.startsWith("<?xml")) {
            root = parseDocument(trimmed).getDocumentElement();
            if (!root.getTagName().equals("Response")) {
                return List.of(new ElementItem(toNode(root)));
            }
        } else {
            root = parseDocument("<raw>" + trimmed + "</raw>").getDocumentElement();
            Element only = singleElementChild(root);
            if (only != null && only.getTagName().equals("Response")) {
                root = only;
            }
        }
        List<Item> items = new ArrayList<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                items.add(new ElementItem(toNode(e)));
            } else if (isText(child) && !child.getNodeValue().isBlank()) {
                items.add(new TextItem(child.getNodeValue()));
            }
        }
        return items;
    }

    static Document parseDocument(String xml) {
        try {
            javax.xml.parsers.DocumentBuilder parser = FACTORY.newDocumentBuilder();
            parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // throws on errors, prints nothing
            return parser.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | java.io.IOException e) {
            throw new IllegalArgumentException("raw TwiML is not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element singleElementChild(Element parent) {
        Element found = null;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                if (found != null) {
                    return null;
                }
                found = e;
            } else if (isText(child) && !child.getNodeValue().isBlank()) {
                return null;
            }
        }
        return found;
    }

    private static boolean isText(Node node) {
        return node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE;
    }

    private static GenericNode toNode(Element element) {
        GenericNode.Builder builder = new GenericNode.Builder(element.getTagName());
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            builder.option(attribute.getNodeName(), attribute.getNodeValue());
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                builder.addChild(toNode(e));
            } else if (isText(child)) {
                builder.addText(child.getNodeValue());
            }
        }
        return builder.build();
    }

    /**
     * Adds the fragment's elements and text to a TwiML builder (voice or messaging).
     * @return how many items were added
     */
    static int addTo(com.twilio.twiml.TwiML.Builder<?> builder, String xml) {
        List<Item> items = parse(xml);
        for (Item item : items) {
            if (item instanceof ElementItem e) {
                builder.addChild(e.node());
            } else if (item instanceof TextItem t) {
                builder.addText(t.text());
            }
        }
        return items.size();
    }

    /** A DOM parser factory that refuses DOCTYPEs and external entities (also used for script results). */
    public static DocumentBuilderFactory secureFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        return factory;
    }
}
