package io.leadflow.kernel.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped templates are well-formed: every resource is in the gallery, each document passes
 * the workflow JSON Schema, edges join nodes it has, and a malformed template is refused.
 */
class TemplateCatalogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHIPPED = Path.of("src", "main", "resources", "io", "leadflow", "kernel", "template");

    @Test
    void everyShippedResourceIsInTheGalleryInOrder() throws IOException {
        List<String> files;
        try (Stream<Path> listed = Files.list(SHIPPED)) {
            files = listed.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .sorted().toList();
        }
        assertThat(TemplateCatalog.RESOURCES).containsExactlyInAnyOrderElementsOf(files);
        assertThat(TemplateCatalog.shipped(JSON).all()).extracting(WorkflowTemplate::id).containsExactly(
                "web-form-welcome-follow-up", "whatsapp-qualify-tag", "mt5-account-qualification", "missed-call-sms");
    }

    @Test
    void eachDocumentPassesTheWorkflowSchemaAndItsEdgesJoinItsNodes() throws IOException {
        JsonSchema schema;
        try (InputStream in = io.leadflow.kernel.workflow.WorkflowService.class
                .getResourceAsStream("workflow.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
        }
        for (WorkflowTemplate template : TemplateCatalog.shipped(JSON).all()) {
            assertThat(schema.validate(template.workflow())).as(template.id()).isEmpty();
            Set<String> ids = new HashSet<>();
            template.workflow().get("nodes").forEach(node -> ids.add(node.get("id").asText()));
            for (JsonNode edge : template.workflow().get("edges")) {
                assertThat(ids).as(template.id() + " edge " + edge).contains(edge.get("from").get("node").asText(),
                        edge.get("to").get("node").asText());
            }
            assertThat(template.workflow().get("nodes")).as(template.id() + ": every node has a position")
                    .allMatch(node -> node.has("position"));
        }
    }

    @Test
    void nodeTypesAndPluginsComeFromTheDocumentAndItsChannels() {
        TemplateCatalog catalog = TemplateCatalog.shipped(JSON);
        WorkflowTemplate form = catalog.find("web-form-welcome-follow-up").orElseThrow();
        assertThat(form.nodeTypes()).containsExactly("core.webhook", "core.upsert-lead", "mailgun.send-email",
                "core.wait-for-reply", "core.add-tag");
        assertThat(form.plugins()).containsExactly("core", "mailgun");
        WorkflowTemplate missedCall = catalog.find("missed-call-sms").orElseThrow();
        assertThat(missedCall.plugins()).containsExactly("core", "vapi", "twilio");
        assertThat(catalog.find("mt5-account-qualification").orElseThrow().optionalCredentials())
                .containsOnlyKeys("read-account");
        assertThat(catalog.find("no-such-template")).isEmpty();
    }

    @Test
    void aMalformedTemplateIsRefused() {
        assertThatThrownBy(() -> TemplateCatalog.read(JSON, "misnamed-template.json"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the id must be the file name");
        assertThatThrownBy(() -> TemplateCatalog.read(JSON, "unknown-optional-node.json"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names node 'nobody'");
        assertThatThrownBy(() -> TemplateCatalog.read(JSON, "absent.json"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }
}
