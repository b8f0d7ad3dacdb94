package twiml;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import java.util.List;
import java.util.Map;
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
}
