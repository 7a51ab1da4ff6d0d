package io.leadflow.api.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeResultTest {
    private static final Item ADA = Item.of(Map.of("name", "Ada"));
    private static final Item BOB = Item.of(Map.of("name", "Bob"));

    @Test
    void toPortsEmitsOnEveryGivenPortInOrder() {
        Map<String, List<Item>> byPort = new LinkedHashMap<>();
        byPort.put("accepted", List.of(ADA));
        byPort.put("rejected", List.of(BOB));
        byPort.put("later", List.of());

        NodeResult result = NodeResult.toPorts(byPort);

        assertThat(result).isInstanceOf(NodeResult.Emit.class);
        Map<String, List<Item>> emitted = ((NodeResult.Emit) result).byPort();
        assertThat(emitted.keySet()).containsExactly("accepted", "rejected", "later");
        assertThat(emitted.get("accepted")).containsExactly(ADA);
        assertThat(emitted.get("rejected")).containsExactly(BOB);
        assertThat(emitted.get("later")).isEmpty();
    }

    @Test
    void theResultIsACopyTheNodeCannotChangeAfterwards() {
        List<Item> accepted = new ArrayList<>(List.of(ADA));
        Map<String, List<Item>> byPort = new LinkedHashMap<>(Map.of("accepted", accepted));
        NodeResult.Emit result = (NodeResult.Emit) NodeResult.toPorts(byPort);
        accepted.add(BOB);
        byPort.put("rejected", List.of(BOB));
        assertThat(result.byPort()).containsOnlyKeys("accepted");
        assertThat(result.byPort().get("accepted")).containsExactly(ADA);
    }

    @Test
    void aPortNameThatNoDescriptorCouldDeclareIsRefusedAtOnce() {
        assertThatThrownBy(() -> NodeResult.toPorts(Map.of("Accepted", List.of(ADA))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port name 'Accepted'");
        Map<String, List<Item>> withNull = new LinkedHashMap<>();
        withNull.put("accepted", null);
        assertThatThrownBy(() -> NodeResult.toPorts(withNull)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'accepted'");
    }
}
