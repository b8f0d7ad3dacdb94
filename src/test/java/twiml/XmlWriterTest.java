package twiml;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.GenericNode;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-thread serialiser writes exactly what the SDK's own toXml() writes. */
class XmlWriterTest {

    @Test
    void should_write_the_same_document_as_the_sdk() throws Exception {
        VoiceResponse doc = new VoiceResponse.Builder()
                .say(new Say.Builder("Tank <1> & \"level\" ]]> 95%").voice(Say.Voice.POLLY_JOANNA).language(Say.Language.EN_US).build())
                .gather(new Gather.Builder().numDigits(4).finishOnKey("#").action("/twilio/voice/ack/7")
                        .inputs(List.of(Gather.Input.DTMF)).say(new Say.Builder("PIN?").build()).build())
                .build();
        assertThat(XmlWriter.toXml(doc)).isEqualTo(doc.toXml());
        String ours = new VoiceTwiml("Polly.Joanna", "en-US").say(Map.of("loop", 2), "Hi & <bye>")
                .dial(Map.of("callerId", "+15005550006"), "+14155550100").pause(2).hangup().toXml();
        assertThat(ours).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say language=\"en-US\" loop=\"2\"");
        assertThat(ours).contains("Hi &amp; &lt;bye&gt;");
    }

    /** Random text from a palette of every character class the serialiser treats differently. */
    @Test
    void should_escape_random_text_and_attributes_exactly_like_the_sdk() throws Exception {
        String palette = "aZ09 <>&\"'\n\r\t]]>\u0001\u001f\u007f\u0080\u0085\u009f\u00a0\u00e9\u2028\u2029\u2603"
                + "\ud83d\ude00\ufffd";
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            StringBuilder text = new StringBuilder();
            int len = random.nextInt(12);
            for (int k = 0; k < len; k++) {
                int at = random.nextInt(palette.length());
                char c = palette.charAt(at);
                if (Character.isHighSurrogate(c) && at + 1 < palette.length()) {
                    text.append(c).append(palette.charAt(at + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    text.append(c);
                }
            }
            String t = text.toString();
            // the JDK's serialiser cuts an attribute value short at U+007F..U+009F (we write the reference)
            String a = t.replaceAll("[\\u007f-\\u009f]", "");
            GenericNode node = new GenericNode.Builder("Custom").option("zeta", a).option("alpha", "1")
                    .addText(t).addChild(new GenericNode.Builder("Empty").build()).build();
            VoiceResponse doc = new VoiceResponse.Builder()
                    .say(new Say.Builder(t).voice(Say.Voice.POLLY_JOANNA).build())
                    .addChild(node).addText(t).build();
            // what XML 1.0 forbids is cleaned out first (PhoneText); the rest is escaped as the SDK escapes it
            String ct = PhoneText.clean(t);
            String ca = PhoneText.clean(a);
            VoiceResponse cleaned = new VoiceResponse.Builder()
                    .say(new Say.Builder(ct).voice(Say.Voice.POLLY_JOANNA).build())
                    .addChild(new GenericNode.Builder("Custom").option("zeta", ca).option("alpha", "1")
                            .addText(ct).addChild(new GenericNode.Builder("Empty").build()).build())
                    .addText(ct).build();
            assertThat(XmlWriter.toXml(doc)).as("text %s", t.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(cleaned.toXml());
        }
    }

    @Test
    void should_keep_the_whole_attribute_where_the_jdk_serialiser_cuts_it_short() throws Exception {
        VoiceResponse doc = new VoiceResponse.Builder()
                .addChild(new GenericNode.Builder("Custom").option("a", "9\u007fz").build()).build();
        assertThat(XmlWriter.toXml(doc)).contains("<Custom a=\"9 z\"/>");
    }

    @Test
    void should_never_write_a_reference_to_a_character_xml_forbids() throws Exception {
        VoiceResponse doc = new VoiceResponse.Builder()
                .say(new Say.Builder("Tank\u001b1 \u0000high\u0007 \u000b! \uffff\ud800ok").build()).build();
        assertThat(XmlWriter.toXml(doc)).isEqualTo(XmlWriter.HEADER + "<Response><Say>Tank 1  high   ! ok</Say></Response>");
    }

    @Test
    void should_splice_callouts_own_default_into_a_script_document_unchanged() {
        String def = DefaultTwiml.fallback("Polly.Joanna", "en-US");
        VoiceTwiml script = new VoiceTwiml("Polly.Joanna", "en-US");
        script.trust(def);
        String spliced = script.say("Hello <you>.").raw(def).toXml();
        VoiceTwiml parsed = new VoiceTwiml("Polly.Joanna", "en-US");
        String reparsed = parsed.say("Hello <you>.").raw(new String(def)).toXml();
        assertThat(spliced).isEqualTo(reparsed).contains("Hello &lt;you&gt;.").endsWith("<Hangup/></Response>");
        assertThat(script.isEmpty()).isFalse();
    }
}
