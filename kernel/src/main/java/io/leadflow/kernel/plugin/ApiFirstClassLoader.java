package io.leadflow.kernel.plugin;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: the plugin's own classes (and the libraries inlined in its jar) first,
 * so two plugins may carry different versions of one library; but the plugin API always from the
 * kernel, so a plugin can never bring its own copy of the contract.
 */
final class ApiFirstClassLoader extends PluginClassLoader {
    private static final String API_PREFIX = "io.leadflow.api.";

    ApiFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (className.startsWith(API_PREFIX)) {
            return getParent().loadClass(className);
        }
        return super.loadClass(className);
    }
}
