package io.leadflow.plugins.twilio;

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
        Path classes = Path.of(TwilioPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> lines = Files.readAllLines(classes.resolve("META-INF/extensions.idx"), StandardCharsets.UTF_8)
                .stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(lines).containsExactlyInAnyOrder(TwilioCredentialType.class.getName(), TwilioChannel.class.getName());
        for (Class<?> extension : List.of(TwilioCredentialType.class, TwilioChannel.class)) {
            assertThat(extension.isAnnotationPresent(Extension.class)).as(extension.getName()).isTrue();
            assertThat(extension.getConstructor().newInstance()).isNotNull();
        }
        assertThat(new TwilioChannel().descriptor().channelId()).startsWith("twilio.");
        assertThat(new TwilioCredentialType().descriptor().typeId()).startsWith("twilio.");
    }
}
