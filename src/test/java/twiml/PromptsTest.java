package twiml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.ResourceBundle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The prompt packs: every language has every key, each formats, and each has its own voice. */
class PromptsTest {

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es", "nl"})
    void should_have_every_english_key_and_format_it(String lang) {
        ResourceBundle en = ResourceBundle.getBundle("prompts.prompts", java.util.Locale.ROOT);
        Prompts p = Prompts.of(lang);
        assertThat(p.language()).isEqualTo(lang);
        for (String key : Collections.list(en.getKeys())) {
            Object first = key.equals("v.count") || key.equals("s.bundleHead") ? (Object) 2 : "A1";
            String text = p.get(key, first, "B2", "C3");
            assertThat(text).as("%s %s", lang, key).isNotBlank().doesNotContain("{0}").doesNotContain("{1}");
            if (!key.equals("voice") && !key.equals("language") && !key.startsWith("v.alarm")
                    && !key.equals("v.unknown") && !key.equals("v.next") && !key.equals("v.hello")) {
                assertThat(text).as("%s %s is translated", lang, key).isNotEqualTo(Prompts.EN.get(key, first, "B2", "C3"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es", "nl"})
    void should_fill_every_prompt_exactly_as_message_format_does(String lang) {
        Prompts p = Prompts.of(lang);
        ResourceBundle pack = ResourceBundle.getBundle("prompts.prompts", java.util.Locale.forLanguageTag(lang));
        java.util.Locale locale = java.util.Locale.forLanguageTag(lang);
        Object[][] argLists = {{}, {"A1"}, {"Ann O’Neil", "03:14", "Boiler {1} 'hot'"}, {null, "", "x"},
            {2, "B2", "C3"}, {1234567, java.util.Date.from(java.time.Instant.EPOCH), "C3"}};
        for (String key : Collections.list(pack.getKeys())) {
            String pattern = pack.getString(key);
            for (Object[] args : argLists) {
                String expected;
                try {
                    expected = args.length == 0 && pattern.indexOf('{') < 0 ? pattern
                            : new java.text.MessageFormat(pattern, locale).format(args);
                } catch (IllegalArgumentException e) {
                    // a typed argument ({0,number}, {0,choice,...}) given text: the same refusal
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.get(key, args))
                            .isInstanceOf(IllegalArgumentException.class);
                    continue;
                }
                assertThat(p.get(key, args)).as("%s %s %s", lang, key, java.util.Arrays.toString(args))
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"de,Polly.Vicki,de-DE", "de-AT,Polly.Vicki,de-DE", "fr,Polly.Lea,fr-FR", "es,Polly.Lucia,es-ES",
        "nl,Polly.Lotte,nl-NL", "en,Polly.Joanna,en-US", "pt,Polly.Joanna,en-US"})
    void should_speak_each_language_in_its_own_voice(String tag, String voice, String language) {
        Prompts p = Prompts.of(tag);
        assertThat(p.voice()).isEqualTo(voice);
        assertThat(p.speechLanguage()).isEqualTo(language);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "en|You have 1 active alarm.|You have 3 active alarms.",
        "de|Sie haben 1 aktiven Alarm.|Sie haben 3 aktive Alarme.",
        "nl|U hebt 1 actief alarm.|U hebt 3 actieve alarmen."})
    void should_count_in_singular_and_plural(String lang, String one, String three) {
        assertThat(Prompts.of(lang).get("v.count", 1)).isEqualTo(one);
        assertThat(Prompts.of(lang).get("v.count", 3)).isEqualTo(three);
    }

    @org.junit.jupiter.api.Test
    void should_write_a_german_alarm_sms_with_the_reply_instruction_in_german() {
        AlarmView tank = new AlarmView(1, "site1/tank1", "Füllstand hoch", null, "High", "active", "Tank 1 bei 95%",
                "K7QA", null);
        assertThat(LocalTwiml.of("de").smsNotification(tank, "K7QA"))
                .isEqualTo("[HIGH] Füllstand hoch: Tank 1 bei 95%. Antworten Sie K7QA <PIN> zum Quittieren.");
    }
}
