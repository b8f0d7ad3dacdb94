package twiml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What may reach a phone: no control a phone cannot say or show, nothing XML 1.0 forbids. */
class PhoneTextTest {

    @Test
    void should_replace_each_control_with_a_space() {
        assertThat(PhoneText.clean("a\u001bb\u0000c\u0007d\u000be\u007ff\u0085g")).isEqualTo("a b c d e f g");
    }

    @Test
    void should_drop_lone_surrogates_and_the_two_non_characters_xml_forbids() {
        assertThat(PhoneText.clean("x\uffffy\ufffez\ud800!\udc00?")).isEqualTo("xyz!?");
        assertThat(PhoneText.clean("end\ud83d")).isEqualTo("end");
    }

    @Test
    void should_keep_tabs_line_breaks_emoji_and_right_to_left_text_unchanged() {
        String text = "Tank\t1\r\nlevel \ud83d\udd25 \u05e2\u05d1\u05e8\u05d9\u05ea \u202eRTL\u202c \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \ufffd";
        assertThat(PhoneText.clean(text)).isSameAs(text);
    }

    @Test
    void should_keep_null() {
        assertThat(PhoneText.clean(null)).isNull();
    }
}
