package io.leadflow.plugins.vapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pf4j.Extension;

class PluginPackagingTest {

    @Test
    void pf4jIndexesEveryExtensionAndIdsAreScopedByThePlugin() throws Exception {
        Path classes = Path.of(VapiPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> lines = Files.readAllLines(classes.resolve("META-INF/extensions.idx"), StandardCharsets.UTF_8)
                .stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        List<Class<?>> extensions = List.of(VapiCredentialType.class, VapiChannel.class, CallAndWaitNode.class);
        assertThat(lines).containsExactlyInAnyOrderElementsOf(extensions.stream().map(Class::getName).toList());
        for (Class<?> extension : extensions) {
            assertThat(extension.isAnnotationPresent(Extension.class)).as(extension.getName()).isTrue();
            assertThat(extension.getConstructor().newInstance()).isNotNull();
        }
        assertThat(new VapiChannel().descriptor().channelId()).startsWith("vapi.");
        assertThat(new VapiCredentialType().descriptor().typeId()).startsWith("vapi.");
    }
}
