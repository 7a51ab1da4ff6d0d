package io.leadflow.kernel.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar in a test: Java sources compiled with the JDK compiler against the
 * plugin API and PF4J (whose annotation processor writes {@code META-INF/extensions.idx}), a
 * manifest with PF4J's and the bundle's headers, and any extra raw entries. The classes exist only
 * in the jar, never on the test's class path, so class-loader isolation is tested for real.
 */
public final class TestPluginJar {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> rawEntries = new LinkedHashMap<>();
    private boolean manifest = true;

    private TestPluginJar(String id, String version) {
        headers.put("Plugin-Id", id);
        headers.put("Plugin-Version", version);
        headers.put("Plugin-Provider", "Tests");
        headers.put("Import-Package", "io.leadflow.api.node;version=\"[1.0,2)\",io.leadflow.api;version=\"[1.0,2)\"");
    }

    public static TestPluginJar plugin(String id, String version) {
        return new TestPluginJar(id, version);
    }

    public TestPluginJar header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    public TestPluginJar withoutManifest() {
        this.manifest = false;
        return this;
    }

    /** Adds the plugin class {@code <pkg>.ThePlugin} (a plain {@code LeadFlowPlugin}) and names it in the manifest. */
    public TestPluginJar withPluginClass(String pkg) {
        return header("Plugin-Class", pkg + ".ThePlugin")
                .source(pkg + ".ThePlugin", """
                        package %s;
                        public class ThePlugin extends io.leadflow.api.LeadFlowPlugin {
                            public ThePlugin(io.leadflow.api.PluginContext context) { super(context); }
                        }
                        """.formatted(pkg));
    }

    /** Adds a Java source file by class name. */
    public TestPluginJar source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Adds a raw entry (e.g. a huge zero-filled file). */
    public TestPluginJar entry(String name, byte[] content) {
        rawEntries.put(name, content);
        return this;
    }

    /**
     * A plugin class plus one action node of type {@code <id>.<node>} whose label is {@code label}.
     */
    public static TestPluginJar withNode(String id, String version, String node, String label) {
        String pkg = "test." + id.replace('-', '_');
        return plugin(id, version)
                .withPluginClass(pkg)
                .source(pkg + ".TheNode", """
                        package %s;
                        import io.leadflow.api.node.*;
                        import java.util.concurrent.*;
                        @org.pf4j.Extension
                        public class TheNode implements Action {
                            public NodeDescriptor descriptor() {
                                return NodeDescriptor.action("%s.%s").label("%s").category("Tests").build();
                            }
                            public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                return CompletableFuture.completedFuture(NodeResult.items(input.items()));
                            }
                        }
                        """.formatted(pkg, id, node, label));
    }

    public byte[] build() {
        try {
            Path classes = Files.createTempDirectory("plugin-classes");
            if (!sources.isEmpty()) {
                compile(classes);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream jar = manifest ? new JarOutputStream(bytes, manifest()) : new JarOutputStream(bytes)) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, jar);
                        jar.closeEntry();
                    }
                }
                for (Map.Entry<String, byte[]> entry : rawEntries.entrySet()) {
                    jar.putNextEntry(new JarEntry(entry.getKey()));
                    jar.write(entry.getValue());
                    jar.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Manifest manifest() {
        Manifest result = new Manifest();
        result.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> result.getMainAttributes().putValue(name, value));
        return result;
    }

    private void compile(Path output) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(output.toFile()));
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
                    URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            }));
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "--release", "17");
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
            if (!ok) {
                throw new IllegalStateException("plugin sources do not compile: " + diagnostics.getDiagnostics());
            }
        }
    }
}
