package io.leadflow.api.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.node.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialDescriptorTest {
    private static final Property<String> API_KEY = Property.string("apiKey").secret().required().build();

    @Test
    void aWellFormedIdIsKeptWithItsFields() {
        CredentialDescriptor descriptor = new CredentialDescriptor("acme.api-key", "Acme API key", null, List.of(API_KEY));
        assertThat(descriptor.typeId()).isEqualTo("acme.api-key");
        assertThat(descriptor.description()).isEmpty();
        assertThat(descriptor.fields()).containsExactly(API_KEY);
    }

    /** Regression: "Acme.Api-Key" has the '<plugin>.<name>' shape; the refusal used to claim it had not. */
    @Test
    void anIdOfTheRightShapeWithCapitalsIsToldToBeLowerCase() {
        assertThatThrownBy(() -> new CredentialDescriptor("Acme.Api-Key", "Acme", null, List.of(API_KEY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credential type id 'Acme.Api-Key' must be lower case: letters a-z, digits and '-';"
                        + " 'acme.api-key' would do")
                .hasMessageNotContaining("must be '<plugin>.<name>'");
    }

    @Test
    void anIdWithoutAPluginScopeIsToldTheShape() {
        assertThatThrownBy(() -> new CredentialDescriptor("apikey", "Acme", null, List.of()))
                .hasMessageContaining("credential type id 'apikey' must be '<plugin>.<name>'");
    }
}
