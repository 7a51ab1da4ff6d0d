package io.leadflow.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextInputTest {
    @Test
    void composesToNfc() {
        assertThat(TextInput.line("/name", "Zoe\u0308", 10)).isEqualTo("Zo\u00eb");
    }

    @Test
    void refusesControlCharactersNamingTheField() {
        for (String value : new String[] {"a\u0000b", "x\u001b[31m", "tab\there", "new\nline", "\u007f", "\u0085"}) {
            assertThatThrownBy(() -> TextInput.line("/firstName", value, 100))
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.getMessage()).contains("/firstName"));
        }
    }

    @Test
    void multiLineFieldsKeepTabsAndNewlinesOnly() {
        assertThat(TextInput.text("/note", "one\n\ttwo\r\n", 100)).isEqualTo("one\n\ttwo\r\n");
        assertThatThrownBy(() -> TextInput.text("/note", "one\u0000", 100)).isInstanceOf(ProblemException.class);
    }

    @Test
    void refusesBidiOverridesAndLoneSurrogates() {
        assertThatThrownBy(() -> TextInput.line("/company", "evil\u202Egnp.exe", 100)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> TextInput.line("/company", "x\uD800", 100)).isInstanceOf(ProblemException.class);
        assertThat(TextInput.line("/company", "emoji \uD83D\uDE00 ok", 100)).contains("\uD83D\uDE00");
    }

    @Test
    void countsLengthInCharactersAfterComposition() {
        assertThat(TextInput.line("/name", "e\u0301".repeat(5), 5)).hasSize(5);
        assertThatThrownBy(() -> TextInput.line("/name", "abcdef", 5)).isInstanceOf(ProblemException.class);
    }
}
