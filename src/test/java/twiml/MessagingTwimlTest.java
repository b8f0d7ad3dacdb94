package twiml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static twiml.TwimlAssert.assertTwiml;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagingTwimlTest {

    private final MessagingTwiml twiml = new MessagingTwiml();

    @Test
    void should_reply_with_escaped_message() {
        assertTwiml(twiml.message("A < B & \"C\"").toXml(), "<Message>A &lt; B &amp; &quot;C&quot;</Message>");
    }

    @Test
    void should_send_message_with_options() {
        assertTwiml(twiml.message(Map.of("to", "+12223334444", "from", "+15556667777", "action", "/done"), "Hi")
                .toXml(), "<Message to=\"+12223334444\" from=\"+15556667777\" action=\"/done\">Hi</Message>");
    }

    @Test
    void should_redirect() {
        assertTwiml(twiml.redirect("/a").redirect(Map.of("method", "POST"), "/b").toXml(),
                "<Redirect>/a</Redirect><Redirect method=\"POST\">/b</Redirect>");
    }

    @Test
    void should_insert_raw_and_refuse_broken_raw() {
        assertTwiml(twiml.raw("<Message><Body>x</Body><Media>https://x.test/i.png</Media></Message>").toXml(),
                "<Message><Body>x</Body><Media>https://x.test/i.png</Media></Message>");
        assertThatThrownBy(() -> twiml.raw("<Message>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_report_empty_until_a_verb_is_added() {
        assertThat(twiml.isEmpty()).isTrue();
        assertThat(twiml.message("x").isEmpty()).isFalse();
    }
}
