package io.leadflow.api.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each refusal names the one rule the identifier breaks, so an author need not guess from a regex. */
class IdentifierRulesTest {

    @Test
    void validIdentifiersPassUnchanged() {
        assertThat(IdentifierRules.requireTypeId("node type id", "mailgun.send-email")).isEqualTo("mailgun.send-email");
        assertThat(IdentifierRules.requireTypeId("node type id", "a1.b-2")).isEqualTo("a1.b-2");
        assertThat(IdentifierRules.requirePropertyId("apiKey")).isEqualTo("apiKey");
        assertThat(IdentifierRules.requirePropertyId("api_key2")).isEqualTo("api_key2");
        assertThat(IdentifierRules.requirePortName("no-answer")).isEqualTo("no-answer");
        assertThat(IdentifierRules.requirePortName("notFound")).isEqualTo("notFound");
    }

    @Test
    void aTypeIdWithCapitalsIsToldToBeLowerCaseWithTheFix() {
        assertThatThrownBy(() -> IdentifierRules.requireTypeId("node type id", "Acme.Send-Invoice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node type id 'Acme.Send-Invoice' must be lower case: letters a-z, digits and '-';"
                        + " 'acme.send-invoice' would do");
    }

    @Test
    void aTypeIdWithoutExactlyOneDotIsToldItsShape() {
        assertThatThrownBy(() -> IdentifierRules.requireTypeId("node type id", "SendEmail"))
                .hasMessageContaining("must be '<plugin>.<name>' with exactly one dot");
        assertThatThrownBy(() -> IdentifierRules.requireTypeId("node type id", "io.acme.SendEmail"))
                .hasMessageContaining("with exactly one dot").hasMessageContaining("never a class name");
    }

    @Test
    void eachPartOfATypeIdIsCheckedOnItsOwn() {
        assertThatThrownBy(() -> IdentifierRules.requireTypeId("node type id", ".send"))
                .hasMessageContaining("has an empty plugin part");
        assertThatThrownBy(() -> IdentifierRules.requireTypeId("node type id", "acme."))
                .hasMessageContaining("has an empty name part");
        assertThatThrownBy(() -> IdentifierRules.requireTypeId("node type id", "1acme.send"))
                .hasMessageContaining("plugin part '1acme' that does not start with a letter a-z");
        assertThatThrownBy(() -> IdentifierRules.requireTypeId("node type id", "acme.send_email"))
                .hasMessageContaining("letters a-z, digits and '-' in each part, not '_'");
        assertThatThrownBy(() -> IdentifierRules.requireTypeId("node type id", "acme." + "x".repeat(62)))
                .hasMessageContaining("name part of 62 characters, at most 61");
        assertThatThrownBy(() -> IdentifierRules.requireTypeId("node type id", "a".repeat(42) + ".x"))
                .hasMessageContaining("plugin part of 42 characters, at most 41");
    }

    @Test
    void theCheckedLimitsAreThoseOfTheRegex() {
        String longest = "a".repeat(41) + "." + "b".repeat(61);
        assertThat(longest).matches(IdentifierRules.TYPE_ID);
        assertThat(IdentifierRules.requireTypeId("node type id", longest)).isEqualTo(longest);
        assertThat("a".repeat(42)).doesNotMatch(IdentifierRules.PLUGIN_ID);
    }

    @Test
    void propertyIdsAndPortNamesSayWhichCharacterIsWrong() {
        assertThatThrownBy(() -> IdentifierRules.requirePropertyId("first-name"))
                .hasMessage("property id 'first-name' may hold only letters, digits and '_' (it is a JSON key and"
                        + " a JSONata name), not '-'");
        assertThatThrownBy(() -> IdentifierRules.requirePropertyId("_hidden"))
                .hasMessageContaining("must start with a letter");
        assertThatThrownBy(() -> IdentifierRules.requirePropertyId("p".repeat(65)))
                .hasMessageContaining("65 characters long, at most 64");
        assertThatThrownBy(() -> IdentifierRules.requirePortName("Accepted"))
                .hasMessage("port name 'Accepted' must start with a lower-case letter a-z");
        assertThatThrownBy(() -> IdentifierRules.requirePortName("not found"))
                .hasMessageContaining("not ' '");
    }

    @Test
    void descriptorsPortsAndPropertiesUseTheseChecks() {
        assertThatThrownBy(() -> NodeDescriptor.action("Acme.Greet")).hasMessageContaining("must be lower case");
        assertThatThrownBy(() -> Port.of("Yes", "Yes")).hasMessageContaining("lower-case letter");
        assertThatThrownBy(() -> Property.string("first name")).hasMessageContaining("not ' '");
    }
}
