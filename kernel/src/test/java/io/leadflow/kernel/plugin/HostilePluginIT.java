package io.leadflow.kernel.plugin;

import static io.leadflow.kernel.plugin.PluginRuntimeIT.paletteTypes;
import static io.leadflow.kernel.plugin.PluginRuntimeIT.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Broken and hostile jars are refused at install with a precise 422 naming the failed check, and
 * neither the kernel nor an installed plugin notices.
 */
class HostilePluginIT {
    private static TestKernel kernel;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        kernel = TestKernel.start();
        admin = kernel.admin();
        assertThat(upload(admin, "POST", "/api/v1/plugins",
                TestPluginJar.withNode("healthy", "1.0.0", "ok", "Healthy").build()).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    @AfterEach
    void kernelAndHealthyPluginStillWork() {
        assertThat(kernel.anonymous().get("/api/v1/health").status()).isEqualTo(200);
        assertThat(paletteTypes(admin)).contains("healthy.ok");
        assertThat(admin.get("/api/v1/plugins").json().get("items")).hasSize(1);
    }

    @Test
    void notAJar() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins", "this is not a zip".getBytes(StandardCharsets.UTF_8)),
                "archive", "not a jar");
    }

    @Test
    void jarWithoutManifest() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins",
                TestPluginJar.plugin("nomanifest", "1.0.0").withoutManifest()
                        .entry("readme.txt", "hi".getBytes(StandardCharsets.UTF_8)).build()),
                "manifest", "no META-INF/MANIFEST.MF");
    }

    @Test
    void manifestWithoutPluginClass() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins", TestPluginJar.plugin("noclass", "1.0.0").build()),
                "manifest", "no Plugin-Class");
    }

    @Test
    void unsatisfiedImportPackageRange() {
        ApiResponse response = upload(admin, "POST", "/api/v1/plugins",
                TestPluginJar.withNode("future", "1.0.0", "node", "Future")
                        .header("Import-Package", "io.leadflow.api.node;version=\"[2.0,3)\"").build());
        assertRefused(response, "import-package", "io.leadflow.api.node");
        assertThat(response.json().get("detail").asText()).contains("[2.0,3)").containsPattern("provides 1\\.\\d+\\.\\d+");
    }

    @Test
    void importOfAnApiPackageThatDoesNotExist() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins",
                TestPluginJar.withNode("ghost", "1.0.0", "node", "Ghost")
                        .header("Import-Package", "io.leadflow.api.teleport;version=\"[1.0,2)\"").build()),
                "import-package", "io.leadflow.api.teleport");
    }

    @Test
    void unsatisfiedPluginRequires() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins",
                TestPluginJar.withNode("needy", "1.0.0", "node", "Needy").header("Plugin-Requires", ">=99.0.0").build()),
                "plugin-requires", ">=99.0.0");
    }

    @Test
    void duplicateId() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins",
                TestPluginJar.withNode("healthy", "9.9.9", "ok", "Impostor").build()), "duplicate-id", "healthy");
    }

    @Test
    void zipBomb() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\nPlugin-Id: bomb\nPlugin-Version: 1.0.0\nPlugin-Class: x.Y\n\n"
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 300; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(bytes.size()).isLessThan(1024 * 1024);
        assertRefused(upload(admin, "POST", "/api/v1/plugins", bytes.toByteArray()), "archive", "zip bomb");
    }

    @Test
    void pluginClassThatThrowsInItsConstructor() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins", TestPluginJar.plugin("crashy", "1.0.0")
                .header("Plugin-Class", "test.crashy.ThePlugin")
                .source("test.crashy.ThePlugin", """
                        package test.crashy;
                        public class ThePlugin extends io.leadflow.api.LeadFlowPlugin {
                            public ThePlugin(io.leadflow.api.PluginContext context) {
                                super(context);
                                throw new IllegalStateException("boom in constructor");
                            }
                        }
                        """).build()), "start", "boom in constructor");
    }

    @Test
    void extensionThatThrowsInStaticInit() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins", TestPluginJar.withNode("staticky", "1.0.0", "node", "S")
                .source("test.staticky.Broken", """
                        package test.staticky;
                        import io.leadflow.api.node.*;
                        @org.pf4j.Extension
                        public class Broken implements Action {
                            static { if (true) throw new IllegalStateException("boom in static init"); }
                            public NodeDescriptor descriptor() { return NodeDescriptor.action("staticky.broken").build(); }
                            public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput i, NodeContext c) { return null; }
                        }
                        """).build()), "extension", "boom in static init");
    }

    @Test
    void descriptorThatHangs() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins", TestPluginJar.plugin("hangy", "1.0.0")
                .withPluginClass("test.hangy")
                .source("test.hangy.Sleeper", """
                        package test.hangy;
                        import io.leadflow.api.node.*;
                        @org.pf4j.Extension
                        public class Sleeper implements Action {
                            public NodeDescriptor descriptor() {
                                while (true) { try { Thread.sleep(60_000); } catch (InterruptedException e) { } }
                            }
                            public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput i, NodeContext c) { return null; }
                        }
                        """).build()), "descriptor", "did not return within");
    }

    @Test
    void nodeTypeNotScopedByThePluginId() {
        assertRefused(upload(admin, "POST", "/api/v1/plugins", TestPluginJar.plugin("squatter", "1.0.0")
                .withPluginClass("test.squatter")
                .source("test.squatter.Impostor", """
                        package test.squatter;
                        import io.leadflow.api.node.*;
                        @org.pf4j.Extension
                        public class Impostor implements Action {
                            public NodeDescriptor descriptor() { return NodeDescriptor.action("healthy.ok").build(); }
                            public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput i, NodeContext c) { return null; }
                        }
                        """).build()), "type-id", "scoped by the plugin id");
    }

    @Test
    void aCopyOfThePluginApiInsideAJarIsIgnored() {
        // the jar carries its own (hostile) io.leadflow.api.node.NodeDescriptor; the kernel's wins
        ApiResponse response = upload(admin, "POST", "/api/v1/plugins",
                TestPluginJar.withNode("shadow", "1.0.0", "node", "Shadow")
                        .entry("io/leadflow/api/node/NodeDescriptor.class", new byte[] {(byte) 0xCA, (byte) 0xFE})
                        .build());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(paletteTypes(admin)).contains("shadow.node");
        assertThat(admin.delete("/api/v1/plugins/shadow").status()).isEqualTo(204);
    }

    private static void assertRefused(ApiResponse response, String check, String detailPart) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:leadflow:problem:plugin-refused");
        assertThat(response.json().get("check").asText()).isEqualTo(check);
        assertThat(response.json().get("detail").asText()).contains(detailPart);
    }
}
