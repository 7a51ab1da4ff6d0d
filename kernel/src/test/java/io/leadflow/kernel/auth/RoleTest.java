package io.leadflow.kernel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void rolesAreOrdered() {
        assertThat(Role.ADMIN.includes(Role.EDITOR)).isTrue();
        assertThat(Role.EDITOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.includes(Role.EDITOR)).isFalse();
        assertThat(Role.ADMIN.atMost(Role.VIEWER)).isEqualTo(Role.VIEWER);
        assertThat(Role.VIEWER.atMost(Role.ADMIN)).isEqualTo(Role.VIEWER);
    }

    @Test
    void parsesOnlyKnownLowerCaseIds() {
        assertThat(Role.parse("editor")).isEqualTo(Role.EDITOR);
        assertThatThrownBy(() -> Role.parse("EDITOR")).hasMessageContaining("unknown role");
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("admin, editor or viewer");
    }
}
