package io.leadflow.api.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeDescriptorTest {
    static final Property<String> METHOD = Property.options("method", "GET", "POST").defaultValue("GET").build();
    static final Property<String> BODY = Property.text("body").visibleWhen("method", "POST").build();
    static final Property<Integer> LIMIT = Property.integer("limit").defaultValue(10).build();

    @Test
    void actionsDefaultToOneMainInputAndOutput() {
        NodeDescriptor descriptor = NodeDescriptor.action("core.http-request").label("HTTP Request")
                .properties(METHOD, BODY).build();
        assertThat(descriptor.inputs()).extracting(Port::name).containsExactly("main");
        assertThat(descriptor.outputs()).extracting(Port::name).containsExactly("main");
        assertThat(descriptor.scope()).isEqualTo("core");
        assertThat(descriptor.version()).isEqualTo(1);
    }

    @Test
    void triggersHaveNoInputs() {
        assertThat(NodeDescriptor.trigger("core.webhook").build().inputs()).isEmpty();
        assertThatThrownBy(() -> NodeDescriptor.trigger("core.webhook").input(Port.mainPort()).build())
                .hasMessageContaining("no inputs");
    }

    @Test
    void typeIdsAreScopedByPluginAndNeverClassNames() {
        assertThatThrownBy(() -> NodeDescriptor.action("SendEmail")).hasMessageContaining("<plugin>.<name>");
        assertThatThrownBy(() -> NodeDescriptor.action("io.leadflow.SendEmail")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicatePortsPropertiesAndDanglingConditionsAreRefused() {
        assertThatThrownBy(() -> NodeDescriptor.action("core.if").output(Port.of("true", "True"))
                .output(Port.of("true", "Again")).build()).hasMessageContaining("duplicate output port");
        assertThatThrownBy(() -> NodeDescriptor.action("core.set").properties(LIMIT, LIMIT).build())
                .hasMessageContaining("duplicate property");
        assertThatThrownBy(() -> NodeDescriptor.action("core.set").properties(BODY).build())
                .hasMessageContaining("unknown property 'method'");
    }

    @Test
    void propertiesAreTheTypedKeysOfTheConfiguration() {
        NodeConfig config = NodeConfig.of(Map.of("method", "POST", "limit", 25));
        assertThat(config.get(METHOD)).isEqualTo("POST");
        assertThat(config.get(LIMIT)).isEqualTo(25);
        assertThat(NodeConfig.of(Map.of()).get(LIMIT)).isEqualTo(10);
        assertThatThrownBy(() -> NodeConfig.of(Map.of("limit", "many")).get(LIMIT))
                .hasMessageContaining("'limit' must be number");
        assertThatThrownBy(() -> NodeConfig.of(Map.of("limit", 2.5)).get(LIMIT))
                .hasMessageContaining("whole number");
        Property<List<String>> tags = Property.stringList("tags").build();
        assertThat(NodeConfig.of(Map.of("tags", List.of("a", "b"))).get(tags)).containsExactly("a", "b");
    }

    @Test
    void optionsMustListTheirDefault() {
        assertThatThrownBy(() -> Property.options("mode", "a", "b").defaultValue("c").build())
                .hasMessageContaining("not one of its options");
    }

    @Test
    void resultsCopyTheirItems() {
        NodeResult result = NodeResult.toPort("true", List.of(Item.of(Map.of("id", 1))));
        assertThat(result).isInstanceOf(NodeResult.Emit.class);
        assertThat(((NodeResult.Emit) result).byPort().get("true")).hasSize(1);
        assertThatThrownBy(() -> ((NodeResult.Emit) result).byPort().put("x", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
