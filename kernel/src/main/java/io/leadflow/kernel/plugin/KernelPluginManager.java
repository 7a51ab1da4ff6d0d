package io.leadflow.kernel.plugin;

import io.leadflow.api.LeadFlowPlugin;
import io.leadflow.api.PluginContext;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;

/**
 * PF4J configured for LeadFlow: jar plugins only, the plugin API loaded parent-first, plugins
 * constructed with a kernel-owned {@link PluginContext}, and enabled/disabled state kept by the
 * kernel's database rather than PF4J's text files.
 */
final class KernelPluginManager extends DefaultPluginManager {
    private final String apiVersion;

    KernelPluginManager(Path pluginsRoot, String kernelVersion, String apiVersion) {
        super(pluginsRoot);
        this.apiVersion = apiVersion;
        setSystemVersion(kernelVersion);
        setExactVersionAllowed(false);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this) {
            @Override
            protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                return new ApiFirstClassLoader(pluginManager, descriptor, getClass().getClassLoader());
            }
        };
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
                // the kernel's plugin table is the record of what is enabled
            }

            @Override
            public void enablePlugin(String pluginId) {
                // the kernel's plugin table is the record of what is enabled
            }
        };
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return this::instantiate;
    }

    /** Creates the Plugin-Class with a {@link PluginContext}, or a no-argument constructor. */
    private Plugin instantiate(PluginWrapper wrapper) {
        String className = wrapper.getDescriptor().getPluginClass();
        try {
            Class<?> type = wrapper.getPluginClassLoader().loadClass(className);
            if (!Plugin.class.isAssignableFrom(type)) {
                throw new PluginRuntimeException("Plugin-Class " + className + " does not extend " + LeadFlowPlugin.class.getName());
            }
            PluginContext context = new KernelPluginContext(wrapper.getPluginId(), wrapper.getDescriptor().getVersion(),
                    apiVersion, new Slf4jNodeLogger("plugin." + wrapper.getPluginId()));
            try {
                Constructor<?> withContext = type.getConstructor(PluginContext.class);
                return (Plugin) withContext.newInstance(context);
            } catch (NoSuchMethodException noContextConstructor) {
                return (Plugin) type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new PluginRuntimeException(cause, "cannot create " + className + ": " + describe(cause));
        }
    }

    static String describe(Throwable error) {
        Throwable root = error;
        if (root instanceof ExceptionInInitializerError init && init.getCause() != null) {
            root = init.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
