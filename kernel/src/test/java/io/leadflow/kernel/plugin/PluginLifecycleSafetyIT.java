package io.leadflow.kernel.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Stopping, uninstalling, upgrading and downgrading a plugin that an active workflow uses: refused
 * with a 409 that names the workflow (and, for an upgrade, the field), unless forced; a version
 * whose migration hook carries the old configuration over is accepted and the workflow moves on.
 */
class PluginLifecycleSafetyIT {

    @Test
    void activeWorkflowsAreProtectedFromPluginChanges() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            try (Stream<Path> built = Files.list(Path.of("target", "first-party-plugins"))) {
                Path coreNodes = built.filter(jar -> jar.getFileName().toString().contains("core-nodes")).findFirst()
                        .orElseThrow();
                assertThat(upload(admin, "POST", "/api/v1/plugins", Files.readAllBytes(coreNodes)).status()).isEqualTo(201);
            }
            assertThat(upload(admin, "POST", "/api/v1/plugins", shop("1.0.0", 1,
                    "Property.string(\"label\").label(\"Label\").build()", "", "label")).status()).isEqualTo(201);
            assertThat(upload(admin, "POST", "/api/v1/plugins",
                    TestPluginJar.withNode("spare", "1.0.0", "thing", "Unused").build()).status()).isEqualTo(201);
            ApiResponse created = admin.post("/api/v1/workflows", """
                    {"name":"Tag new leads","nodes":[{"id":"start","name":"Start","type":"core.manual"},
                      {"id":"tag","name":"Tag","type":"shop.tag","typeVersion":1,"config":{"label":"vip"}}],
                     "edges":[{"from":{"node":"start","port":"main"},"to":{"node":"tag","port":"main"}}]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String workflowId = created.json().get("workflow").get("id").asText();
            assertThat(admin.post("/api/v1/workflows/" + workflowId + "/activate", "").status()).isEqualTo(200);
            assertThat(tagOf(admin, workflowId)).isEqualTo("vip");

            // stop and uninstall: 409 naming the workflow and its node
            for (ApiResponse refused : new ApiResponse[] {admin.delete("/api/v1/plugins/shop"),
                    admin.post("/api/v1/plugins/shop/stop", "")}) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(409);
                assertThat(refused.json().get("type").asText()).endsWith("plugin-in-use");
                assertThat(refused.json().get("detail").asText()).contains("'Tag new leads'", workflowId, "?force=true");
                JsonNode user = refused.json().get("workflows").get(0);
                assertThat(user.get("id").asText()).isEqualTo(workflowId);
                assertThat(user.get("nodes")).extracting(JsonNode::asText).containsExactly("tag");
            }
            assertThat(admin.delete("/api/v1/plugins/spare").status()).isEqualTo(204);
            assertThat(state(admin, "shop")).isEqualTo("1.0.0:started");

            // an upgrade that drops a property the workflow sets: refused with the field, old version runs on
            ApiResponse dropped = upload(admin, "PUT", "/api/v1/plugins/shop", shop("2.0.0", 1,
                    "Property.string(\"tag\").label(\"Tag\").build()", "", "tag"));
            assertThat(dropped.status()).as(dropped.body()).isEqualTo(409);
            assertThat(dropped.json().get("type").asText()).endsWith("plugin-incompatible");
            assertThat(dropped.json().get("violations")).extracting(v -> v.get("workflowId").asText() + " "
                    + v.get("nodeId").asText() + " " + v.get("pointer").asText())
                    .containsExactly(workflowId + " tag /nodes/1/config/label");
            assertThat(state(admin, "shop")).isEqualTo("1.0.0:started");
            assertThat(tagOf(admin, workflowId)).isEqualTo("vip");

            // a new required property without a default: refused, naming it
            ApiResponse required = upload(admin, "PUT", "/api/v1/plugins/shop", shop("2.0.0", 1,
                    "Property.string(\"label\").build(), Property.string(\"channel\").required().build()", "", "label"));
            assertThat(required.status()).as(required.body()).isEqualTo(409);
            assertThat(required.json().get("violations").toString()).contains("channel").contains("/nodes/1/config");
            assertThat(state(admin, "shop")).isEqualTo("1.0.0:started");

            // the same rename with a version bump and a migration hook: accepted, the workflow migrates
            ApiResponse migrated = upload(admin, "PUT", "/api/v1/plugins/shop", shop("2.0.0", 2,
                    "Property.string(\"tag\").label(\"Tag\").build()", """
                    public java.util.Map<String, Object> migrateConfig(int from, java.util.Map<String, Object> config) {
                        java.util.Map<String, Object> next = new java.util.LinkedHashMap<>(config);
                        if (from < 2 && next.containsKey("label")) { next.put("tag", next.remove("label")); }
                        return next;
                    }
                    """, "tag"));
            assertThat(migrated.status()).as(migrated.body()).isEqualTo(200);
            assertThat(state(admin, "shop")).isEqualTo("2.0.0:started");
            JsonNode workflow = admin.get("/api/v1/workflows/" + workflowId).json();
            JsonNode tagNode = workflow.get("document").get("nodes").get(1);
            assertThat(tagNode.get("config").toString()).isEqualTo("{\"tag\":\"vip\"}");
            assertThat(tagNode.get("typeVersion").asInt()).isEqualTo(2);
            assertThat(workflow.get("workflow").get("activeVersion").asInt()).isEqualTo(2);
            assertThat(tagOf(admin, workflowId)).isEqualTo("vip");
            // an execution pinned to the version saved for the old node gets its configuration migrated on the fly
            assertThat(tagOf(admin, workflowId, "{\"version\":1}")).isEqualTo("vip");

            // a downgrade to the version that does not know 'tag': refused
            ApiResponse downgrade = upload(admin, "PUT", "/api/v1/plugins/shop", shop("1.0.0", 1,
                    "Property.string(\"label\").label(\"Label\").build()", "", "label"));
            assertThat(downgrade.status()).as(downgrade.body()).isEqualTo(409);
            assertThat(downgrade.json().get("violations")).extracting(v -> v.get("pointer").asText())
                    .contains("/nodes/1/config/tag");
            assertThat(state(admin, "shop")).isEqualTo("2.0.0:started");
            assertThat(tagOf(admin, workflowId)).isEqualTo("vip");

            // forced: the admin takes the responsibility, and the audit log says so
            ApiResponse forcedDowngrade = upload(admin, "PUT", "/api/v1/plugins/shop?force=true", shop("1.0.0", 1,
                    "Property.string(\"label\").label(\"Label\").build()", "", "label"));
            assertThat(forcedDowngrade.status()).as(forcedDowngrade.body()).isEqualTo(200);
            assertThat(state(admin, "shop")).isEqualTo("1.0.0:started");
            assertThat(admin.delete("/api/v1/plugins/shop?force=true").status()).isEqualTo(204);
            assertThat(admin.get("/api/v1/plugins/shop").status()).isEqualTo(404);
            JsonNode audit = admin.get("/api/v1/audit?targetType=plugin&targetId=shop").json().get("items");
            // the three refused attempts are audited as failures, naming the version that was restored
            assertThat(audit).extracting(row -> row.get("action").asText() + ":" + row.get("outcome").asText() + ":"
                            + row.get("detail").path("forced").asBoolean())
                    .containsExactly("plugin.uninstalled:success:true", "plugin.upgraded:success:true",
                            "plugin.upgraded:failure:false", "plugin.upgraded:success:false",
                            "plugin.upgraded:failure:false", "plugin.upgraded:failure:false",
                            "plugin.installed:success:false");
            assertThat(audit.get(2).get("detail").get("restored").asText()).isEqualTo("2.0.0");
            assertThat(audit.get(0).get("detail").get("activeWorkflows")).extracting(JsonNode::asText)
                    .containsExactly(workflowId);
            assertThat(audit.get(3).get("detail").get("migratedWorkflows")).extracting(JsonNode::asText)
                    .containsExactly(workflowId);
        }
    }

    /** Runs the workflow once and answers the tag its shop node put on the item. */
    private static String tagOf(ApiClient admin, String workflowId) throws Exception {
        return tagOf(admin, workflowId, "{}");
    }

    private static String tagOf(ApiClient admin, String workflowId, String request) throws Exception {
        ApiResponse started = admin.post("/api/v1/workflows/" + workflowId + "/executions", request);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String executionId = started.json().get("executionId").asText();
        JsonNode execution = Executions.awaitStatus(admin, executionId, 20, "succeeded", "failed");
        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals("tag")) {
                return run.get("output").get("main").get(0).get("tag").asText();
            }
        }
        throw new AssertionError("no run of node 'tag' in " + execution);
    }

    private static String state(ApiClient admin, String id) throws Exception {
        JsonNode plugin = admin.get("/api/v1/plugins/" + id).json();
        return plugin.get("version").asText() + ":" + plugin.get("state").asText();
    }

    private static ApiResponse upload(ApiClient admin, String method, String path, byte[] jar) throws Exception {
        return ApiClientUpload.send(admin, method, path, admin.token(), jar);
    }

    /** A plugin 'shop' whose node 'shop.tag' puts the value of its property {@code read} on the item as 'tag'. */
    private static byte[] shop(String version, int descriptorVersion, String properties, String migration, String read) {
        return TestPluginJar.plugin("shop", version)
                .withPluginClass("test.shop")
                .source("test.shop.Tag", """
                        package test.shop;
                        import io.leadflow.api.node.*;
                        import java.util.concurrent.*;
                        @org.pf4j.Extension
                        public class Tag implements Action {
                            public NodeDescriptor descriptor() {
                                return NodeDescriptor.action("shop.tag").label("Tag").version(%d)
                                        .properties(%s).build();
                            }
                            %s
                            public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                Object tag = context.config().asMap().get("%s");
                                return CompletableFuture.completedFuture(NodeResult.items(
                                        java.util.List.of(Item.of(java.util.Map.of("tag", String.valueOf(tag))))));
                            }
                        }
                        """.formatted(descriptorVersion, properties, migration, read))
                .build();
    }
}
