package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.plugincheck.PluginArchive;
import io.leadflow.testkit.PluginJarCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs after the jar is packaged: the same checks the kernel runs when an admin installs it
 * (archive, manifest, Plugin-Requires, Import-Package ranges, extensions, type ids), so a jar the
 * kernel would refuse fails this build instead.
 */
class PluginJarIT {

    @Test
    void theKernelWouldInstallThisJar() {
        PluginArchive jar = PluginJarCheck.assertInstallable(Path.of(System.getProperty("plugin.jar")));

        assertThat(jar.id()).isEqualTo("${pluginId}");
        assertThat(jar.apiImports()).isNotEmpty();
    }
}
