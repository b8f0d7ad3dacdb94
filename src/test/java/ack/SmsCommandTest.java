package ack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsCommandTest {

    @ParameterizedTest(name = "\"{0}\" -> {1} code={2} pin={3}")
    @CsvSource(nullValues = "-", value = {
        "A7QK 4321,         CODE_AND_PIN, A7QK, 4321",
        "'a7qk, 4321',      CODE_AND_PIN, A7QK, 4321",
        "4321,              PIN_ONLY,     -,    4321",
        "ALL 4321,          ALL,          -,    4321",
        "all   4321,        ALL,          -,    4321",
        "ALL,               ALL,          -,    -",
        "ESC A7QK 4321,     ESCALATE,     A7QK, 4321",
        "esc a7qk 4321,     ESCALATE,     A7QK, 4321",
        "ESCALATE A7QK 4321,ESCALATE,     A7QK, 4321",
        "ESC A7QK,          ESCALATE,     A7QK, -",
        "CLOSE A7QK 4321,   CLOSE,        A7QK, 4321",
        "clear a7qk 99,     CLOSE,        A7QK, 99",
        "LIST,              LIST,         -,    -",
        "status,            LIST,         -,    -",
        "HELP,              HELP,         -,    -",
        "?,                 HELP,         -,    -",
        "HELP 4321,         CODE_AND_PIN, HELP, 4321",
        "hello there,       OTHER,        -,    -",
    })
    void should_parse_sms_commands(String body, SmsCommand.Kind kind, String code, String pin) {
        SmsCommand c = SmsCommand.parse(body);
        assertThat(c.kind()).isEqualTo(kind);
        assertThat(c.code()).isEqualTo(code);
        assertThat(c.pin()).isEqualTo(pin);
    }

    @ParameterizedTest
    @CsvSource({"CODE_AND_PIN,true", "PIN_ONLY,true", "ALL,true", "ESCALATE,true", "CLOSE,true", "LIST,false",
        "HELP,false", "OTHER,false"})
    void should_need_a_pin_for_every_command_that_changes_something(SmsCommand.Kind kind, boolean changes) {
        assertThat(kind.changes()).isEqualTo(changes);
    }
}
