package io.leadflow.testkit;

import io.leadflow.api.LeadFlowPlugin;
import io.leadflow.api.channel.Channel;
import io.leadflow.api.credential.CredentialType;
import io.leadflow.api.node.Node;
import io.leadflow.plugincheck.ApiPackages;
import io.leadflow.plugincheck.PluginArchive;
import io.leadflow.plugincheck.PluginArchiveInspector;
import io.leadflow.plugincheck.PluginCheckException;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.pf4j.DefaultVersionManager;

/**
 * Runs the kernel's install-time checks on a built plugin jar, so a jar the kernel would refuse
 * fails the plugin's own build instead of the admin's install: the same archive, manifest,
 * {@code Plugin-Requires} and {@code Import-Package} checks the kernel runs (they are shared code),
 * then, in a class loader of the jar alone, the plugin class and every extension listed in
 * {@code META-INF/extensions.idx}: each must construct, describe itself, and use type ids scoped
 * by the plugin id, as the kernel requires when it starts the plugin.
 *
 * <p>Use it in an integration test that runs after the jar is packaged (Maven Failsafe):
 * <pre>{@code
 * PluginJarCheck.assertInstallable(Path.of(System.getProperty("plugin.jar")));
 * }</pre>
 */
public final class PluginJarCheck {
    private static final String DEFAULT_KERNEL_VERSION = "0.1.0";

    private PluginJarCheck() {
    }

    /**
     * Checks a jar against the plugin API on the test's class path and a kernel of version 0.1.0.
     *
     * @param jar the built plugin jar
     * @return what the jar's manifest declares
     * @throws AssertionError naming the check the kernel would refuse the jar by, with its reason
     */
    public static PluginArchive assertInstallable(Path jar) {
        return assertInstallable(jar, DEFAULT_KERNEL_VERSION);
    }

    /**
     * Checks a jar against the plugin API on the test's class path and a kernel of the given version.
     *
     * @param jar the built plugin jar
     * @param kernelVersion the LeadFlow version to check {@code Plugin-Requires} against
     * @return what the jar's manifest declares
     * @throws AssertionError naming the check the kernel would refuse the jar by, with its reason
     */
    public static PluginArchive assertInstallable(Path jar, String kernelVersion) {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no plugin jar at " + jar.toAbsolutePath()
                    + " (run this check after the jar is packaged, e.g. as a Failsafe integration test)");
        }
        try {
            PluginArchive archive = new PluginArchiveInspector(ApiPackages.ofRunningKernel(), new DefaultVersionManager(),
                    kernelVersion).inspect(jar);
            checkClasses(archive);
            return archive;
        } catch (PluginCheckException e) {
            throw new AssertionError("the kernel would refuse " + jar.getFileName() + " (check '" + e.check() + "'): "
                    + e.getMessage(), e);
        }
    }

    private static void checkClasses(PluginArchive archive) {
        List<String> extensions = extensionsOf(archive.file());
        if (extensions.isEmpty()) {
            throw PluginCheckException.of("extension", "META-INF/extensions.idx lists no extension: is the "
                    + "annotation processor of PF4J on the compile path, and is every node annotated @Extension?");
        }
        try (URLClassLoader loader = new JarFirstClassLoader(archive.file())) {
            Class<?> pluginClass = load(loader, archive.pluginClass(), "start");
            if (!LeadFlowPlugin.class.isAssignableFrom(pluginClass)) {
                throw PluginCheckException.of("start", "Plugin-Class " + archive.pluginClass() + " does not extend "
                        + LeadFlowPlugin.class.getName());
            }
            for (String className : extensions) {
                Object extension = construct(load(loader, className, "extension"));
                String scope = scopeOf(extension, className);
                if (scope != null && !scope.equals(archive.id())) {
                    throw PluginCheckException.of("type-id", className + " declares an id scoped by '" + scope
                            + "', but the plugin id is '" + archive.id() + "': ids must be '" + archive.id() + ".<name>'");
                }
            }
        } catch (IOException e) {
            throw PluginCheckException.of("archive", "cannot read " + archive.file() + ": " + e.getMessage());
        }
    }

    /** The scope of the id an extension describes itself with, or null if it is none of the kinds. */
    private static String scopeOf(Object extension, String className) {
        try {
            if (extension instanceof Node node) {
                return node.descriptor().scope();
            }
            if (extension instanceof CredentialType type) {
                String id = type.descriptor().typeId();
                return id.substring(0, Math.max(0, id.indexOf('.')));
            }
            if (extension instanceof Channel channel) {
                String id = channel.descriptor().channelId();
                return id.contains(".") ? id.substring(0, id.indexOf('.')) : "";
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            throw PluginCheckException.of("descriptor", className + ".descriptor() failed: " + e);
        }
    }

    private static Class<?> load(ClassLoader loader, String className, String check) {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw PluginCheckException.of(check, className + " cannot be loaded from the jar: " + e);
        }
    }

    private static Object construct(Class<?> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw PluginCheckException.of("extension", "extension " + type.getName() + " could not be created "
                    + "with its no-argument constructor: " + cause);
        }
    }

    private static List<String> extensionsOf(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry index = file.getEntry("META-INF/extensions.idx");
            if (index == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (InputStream in = file.getInputStream(index)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                    String name = line.trim();
                    if (!name.isEmpty() && !name.startsWith("#")) {
                        names.add(name);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw PluginCheckException.of("archive", "cannot read " + jar + ": " + e.getMessage());
        }
    }

    /**
     * The jar's own classes first (the test's class path also holds them, from target/classes),
     * the plugin API and PF4J from the test's class path, as the kernel's plugin loader does.
     */
    private static final class JarFirstClassLoader extends URLClassLoader {
        JarFirstClassLoader(Path jar) throws MalformedURLException {
            super(new URL[] {jar.toUri().toURL()}, PluginJarCheck.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.leadflow.api.") || name.startsWith("org.pf4j.") || name.startsWith("java.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException notInJar) {
                        loaded = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
