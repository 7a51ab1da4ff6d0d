package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Node;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeKind;
import io.leadflow.api.trigger.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pf4j.Extension;

class CoreNodesPluginTest {
    private static final List<Node> NODES = List.of(new WebhookTriggerNode(), new ScheduleTriggerNode(),
            new ManualTriggerNode(), new HttpRequestNode(), new SetNode(), new IfNode(), new SwitchNode(),
            new WaitNode(), new MergeNode(), new SplitItemsNode(), new LoopOverItemsNode(), new RespondToWebhookNode(),
            new LeadCreatedTrigger(), new LeadUpdatedTrigger(), new TagAddedTrigger(), new MessageReceivedTrigger(),
            new SendMessageNode(), new UpsertLeadNode(), new FindLeadNode(), new AddTagNode(), new RemoveTagNode(),
            new SetConsentNode(), new WaitForReplyNode());

    @Test
    void everyNodeHasAUniqueCoreTypeIdAndACompleteDescriptor() {
        List<String> typeIds = NODES.stream().map(node -> node.descriptor().typeId()).toList();

        assertThat(typeIds).doesNotHaveDuplicates().containsExactlyInAnyOrder("core.webhook", "core.schedule",
                "core.manual", "core.http-request", "core.set", "core.if", "core.switch", "core.wait", "core.merge",
                "core.split", "core.loop", "core.respond", "core.lead-created", "core.lead-updated", "core.tag-added",
                "core.message-received", "core.send-message", "core.upsert-lead", "core.find-lead", "core.add-tag",
                "core.remove-tag", "core.set-consent", "core.wait-for-reply");
        for (Node node : NODES) {
            NodeDescriptor descriptor = node.descriptor();
            assertThat(descriptor.scope()).isEqualTo("core");
            assertThat(descriptor.category()).isIn("Core", "Leads");
            assertThat(descriptor.label()).isNotEqualTo(descriptor.typeId());
            assertThat(descriptor.description()).isNotBlank();
            assertThat(descriptor.outputs()).isNotEmpty();
            assertThat(descriptor.kind()).isEqualTo(node instanceof Trigger ? NodeKind.TRIGGER : NodeKind.ACTION);
            assertThat(descriptor.properties()).allSatisfy(property -> assertThat(property.label()).isNotBlank());
        }
    }

    @Test
    void everyNodeIsAPf4jExtensionListedInTheIndex() throws IOException {
        List<String> indexed = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = url.openStream()) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(indexed::add);
            }
        }

        for (Node node : NODES) {
            assertThat(node.getClass().isAnnotationPresent(Extension.class)).as(node.getClass().getName()).isTrue();
            assertThat(indexed).contains(node.getClass().getName());
        }
    }
}
