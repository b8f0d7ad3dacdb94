package twiml;

import static org.xmlunit.assertj3.XmlAssert.assertThat;

/** Compares TwiML as XML, ignoring whitespace between elements and attribute order. */
final class TwimlAssert {

    private TwimlAssert() {
    }

    static void assertTwiml(String actual, String expectedInnerXml) {
        org.assertj.core.api.Assertions.assertThat(actual).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        assertThat(actual).and("<Response>" + expectedInnerXml + "</Response>").ignoreWhitespace().areIdentical();
    }
}
