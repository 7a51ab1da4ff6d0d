package io.leadflow.plugins.instagram;

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
        Path classes = Path.of(InstagramPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> lines = Files.readAllLines(classes.resolve("META-INF/extensions.idx"), StandardCharsets.UTF_8)
                .stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        List<Class<?>> extensions = List.of(InstagramCredentialType.class, InstagramChannel.class);
        assertThat(lines).containsExactlyInAnyOrderElementsOf(extensions.stream().map(Class::getName).toList());
        for (Class<?> extension : extensions) {
            assertThat(extension.isAnnotationPresent(Extension.class)).as(extension.getName()).isTrue();
            assertThat(extension.getConstructor().newInstance()).isNotNull();
        }
        assertThat(new InstagramChannel().descriptor().channelId()).startsWith("instagram.");
        assertThat(new InstagramCredentialType().descriptor().typeId()).startsWith("instagram.");
    }
}
