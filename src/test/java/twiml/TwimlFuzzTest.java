package twiml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.xml.parsers.DocumentBuilder;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import support.RandomText;

/**
 * Random Unicode through every TwiML builder: the document always parses as XML 1.0 and carries the text exactly as
 * {@link PhoneText#clean} leaves it. Seeded, so a failure repeats.
 */
class TwimlFuzzTest {

    private static final int ROUNDS = 2000;

    /** True when {@code s} holds a control (other than tab, LF, CR), a lone surrogate, U+FFFE or U+FFFF. */
    static boolean unsafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)
                    || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                return true;
            }
        }
        return false;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilder parser = RawXml.secureFactory().newDocumentBuilder();
        parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
        return parser.parse(new InputSource(new StringReader(xml)));
    }

    private static Element first(Document doc, String tag) {
        return (Element) doc.getElementsByTagName(tag).item(0);
    }

    @Test
    void should_write_parseable_voice_twiml_with_the_cleaned_text_for_any_unicode() throws Exception {
        Random random = new Random(20261203L);
        for (int i = 0; i < ROUNDS; i++) {
            String text = RandomText.of(random);
            String attr = "v" + RandomText.of(random);  // a blank voice is left out altogether
            String sms = RandomText.of(random);
            String xml = new VoiceTwiml("Polly.Joanna", "en-US").say(Map.of("voice", attr), text)
                    .gather(Map.of("action", "/twilio/voice/ack/1"), g -> g.say(text)).sms(sms).hangup().toXml();
            Document doc = parse(xml);
            Element say = first(doc, "Say");
            assertThat(say.getTextContent()).as("round %d: %s", i, xml).isEqualTo(PhoneText.clean(text));
            assertThat(say.getAttribute("voice")).as("round %d", i).isEqualTo(PhoneText.clean(attr));
            assertThat(first(doc, "Sms").getTextContent()).as("round %d", i).isEqualTo(PhoneText.clean(sms));
        }
    }

    @Test
    void should_write_parseable_messaging_twiml_with_the_cleaned_body_for_any_unicode() throws Exception {
        Random random = new Random(7L);
        for (int i = 0; i < ROUNDS; i++) {
            String body = RandomText.of(random);
            Document doc = parse(new MessagingTwiml().message(body).toXml());
            assertThat(first(doc, "Message").getTextContent()).as("round %d", i).isEqualTo(PhoneText.clean(body));
        }
    }

    @Test
    void should_write_parseable_default_twiml_for_alarms_and_users_of_any_unicode() {
        Random random = new Random(15L);
        for (int i = 0; i < ROUNDS; i++) {
            AlarmView alarm = new AlarmView(i, RandomText.of(random), RandomText.of(random), RandomText.of(random), "High",
                    "active", RandomText.of(random), "K7", Instant.EPOCH);
            UserView user = new UserView(1, RandomText.of(random), "+12223334444", "+12223334444", "en-US");
            String notify = DefaultTwiml.notify(alarm, 7, "Polly.Joanna", "en-US");
            String inbound = DefaultTwiml.inbound(user, List.of(alarm), "Polly.Joanna", "en-US");
            String sms = DefaultTwiml.smsNotification(alarm, "K7");
            int round = i;
            assertThatCode(() -> parse(notify)).as("round %d: %s", round, notify).doesNotThrowAnyException();
            assertThatCode(() -> parse(inbound)).as("round %d: %s", round, inbound).doesNotThrowAnyException();
            String texted = new twilio.OutboundSms("+12223334444", "+15005550006", sms, "http://x/s").body();
            assertThat(unsafe(texted)).as("round %d: %s", round, texted).isFalse();
        }
    }
}
