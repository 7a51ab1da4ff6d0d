package io.leadflow.kernel.plugin;

import static io.leadflow.kernel.plugin.PluginRuntimeIT.paletteEntry;
import static io.leadflow.kernel.plugin.PluginRuntimeIT.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plugins are isolated from each other, and an uninstalled plugin leaves nothing behind. */
class PluginIsolationIT {

    @Test
    void twoPluginsWithConflictingVersionsOfOneLibraryBothRun() {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            assertThat(upload(admin, "POST", "/api/v1/plugins", withLibrary("alpha", "1.4.2")).status()).isEqualTo(201);
            assertThat(upload(admin, "POST", "/api/v1/plugins", withLibrary("beta", "2.0.0")).status()).isEqualTo(201);
            // each node's label comes from the same library class, in the version its plugin carries
            assertThat(paletteEntry(admin, "alpha.node").get("label").asText()).isEqualTo("uses greeting-lib 1.4.2");
            assertThat(paletteEntry(admin, "beta.node").get("label").asText()).isEqualTo("uses greeting-lib 2.0.0");
        }
    }

    @Test
    void installingAndUninstallingFiftyTimesReleasesEveryClassLoader() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            PluginService plugins = kernel.kernel().plugins();
            byte[] jar = TestPluginJar.withNode("cycler", "1.0.0", "node", "Cycler").build();
            List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
            long metaspaceBefore = 0;
            for (int i = 0; i < 50; i++) {
                assertThat(upload(admin, "POST", "/api/v1/plugins", jar).status()).isEqualTo(201);
                assertThat(paletteEntry(admin, "cycler.node").get("label").asText()).isEqualTo("Cycler");
                loaders.add(new WeakReference<>(plugins.classLoaderOf("cycler").orElseThrow()));
                assertThat(admin.delete("/api/v1/plugins/cycler").status()).isEqualTo(204);
                if (i == 4) {
                    collectGarbage();
                    metaspaceBefore = metaspaceUsed();
                }
            }
            long deadline = System.currentTimeMillis() + 20_000;
            while (loaders.stream().anyMatch(ref -> ref.get() != null) && System.currentTimeMillis() < deadline) {
                collectGarbage();
            }
            long alive = loaders.stream().filter(ref -> ref.get() != null).count();
            assertThat(alive).as("plugin class loaders still reachable after 50 uninstalls").isZero();
            long growth = metaspaceUsed() - metaspaceBefore;
            System.out.printf("Metaspace growth over 45 install/uninstall cycles: %d KB%n", growth / 1024);
            assertThat(growth).as("metaspace growth in bytes").isLessThan(8L * 1024 * 1024);
        }
    }

    @Test
    void runsInFlightFinishOnTheOldVersionAcrossAnUpgrade() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            assertThat(upload(admin, "POST", "/api/v1/plugins", lateLoading("1.0.0")).status()).isEqualTo(201);
            NodeRegistry registry = kernel.kernel().plugins().registry();
            NodeRegistry.NodeLease inFlight = registry.lease("late.node").orElseThrow();
            WeakReference<ClassLoader> oldLoader = new WeakReference<>(inFlight.node().node().getClass().getClassLoader());

            assertThat(upload(admin, "PUT", "/api/v1/plugins/late", lateLoading("2.0.0")).status()).isEqualTo(200);
            assertThat(registry.node("late.node").orElseThrow().pluginVersion()).isEqualTo("2.0.0");

            // the old run goes on: its execute() loads a class it never touched before, from the old jar
            var result = ((io.leadflow.api.node.Action) inFlight.node().node())
                    .execute(io.leadflow.api.node.NodeInput.of(List.of()), null).toCompletableFuture().get();
            assertThat(((io.leadflow.api.node.NodeResult.Emit) result).byPort().get("main").get(0).get("version"))
                    .isEqualTo("1.0.0");
            try (NodeRegistry.NodeLease fresh = registry.lease("late.node").orElseThrow()) {
                var newer = ((io.leadflow.api.node.Action) fresh.node().node())
                        .execute(io.leadflow.api.node.NodeInput.of(List.of()), null).toCompletableFuture().get();
                assertThat(((io.leadflow.api.node.NodeResult.Emit) newer).byPort().get("main").get(0).get("version"))
                        .isEqualTo("2.0.0");
            }
            inFlight.close();
            inFlight = null;
            result = null;
            long deadline = System.currentTimeMillis() + 20_000;
            while (oldLoader.get() != null && System.currentTimeMillis() < deadline) {
                collectGarbage();
            }
            assertThat(oldLoader.get()).as("the old version's class loader, after its last run").isNull();
        }
    }

    /** A node whose execute() uses a class loaded only then, reporting the plugin version. */
    private static byte[] lateLoading(String version) {
        return TestPluginJar.plugin("late", version)
                .withPluginClass("test.late")
                .source("test.late.LoadedLate", """
                        package test.late;
                        final class LoadedLate {
                            static java.util.Map<String, Object> answer() { return java.util.Map.of("version", "%s"); }
                        }
                        """.formatted(version))
                .source("test.late.TheNode", """
                        package test.late;
                        import io.leadflow.api.node.*;
                        @org.pf4j.Extension
                        public class TheNode implements Action {
                            public NodeDescriptor descriptor() { return NodeDescriptor.action("late.node").build(); }
                            public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput i, NodeContext c) {
                                return java.util.concurrent.CompletableFuture.completedFuture(
                                        NodeResult.items(java.util.List.of(Item.of(LoadedLate.answer()))));
                            }
                        }
                        """)
                .build();
    }

    private static byte[] withLibrary(String id, String libraryVersion) {
        // the "library" is inlined into each jar, as the bundle plugin inlines real dependencies
        return TestPluginJar.plugin(id, "1.0.0")
                .header("Plugin-Class", "test." + id + ".ThePlugin")
                .source("com.example.greeting.Greeting", """
                        package com.example.greeting;
                        public final class Greeting {
                            public static final String VERSION = "%s";
                            public static String describe() { return "uses greeting-lib " + VERSION; }
                        }
                        """.formatted(libraryVersion))
                .source("test." + id + ".ThePlugin", """
                        package test.%s;
                        public class ThePlugin extends io.leadflow.api.LeadFlowPlugin {
                            public ThePlugin(io.leadflow.api.PluginContext context) { super(context); }
                        }
                        """.formatted(id))
                .source("test." + id + ".TheNode", """
                        package test.%s;
                        import io.leadflow.api.node.*;
                        @org.pf4j.Extension
                        public class TheNode implements Action {
                            public NodeDescriptor descriptor() {
                                return NodeDescriptor.action("%s.node").label(com.example.greeting.Greeting.describe()).build();
                            }
                            public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput i, NodeContext c) {
                                return java.util.concurrent.CompletableFuture.completedFuture(NodeResult.items(i.items()));
                            }
                        }
                        """.formatted(id, id))
                .build();
    }

    private static void collectGarbage() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
    }

    private static long metaspaceUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("Metaspace"))
                .mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }
}
