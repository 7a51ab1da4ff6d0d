package io.leadflow.plugins.mailgun;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pf4j.Extension;

class PluginPackagingTest {

    @Test
    void pf4jIndexesEveryExtension() throws Exception {
        Path classes = Path.of(MailgunPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path index = classes.resolve("META-INF/extensions.idx");

        assertThat(index).exists();
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(lines).containsExactlyInAnyOrder(
                MailgunCredentialType.class.getName(),
                MailgunChannel.class.getName(),
                SendEmail.class.getName(),
                MailgunEventsTrigger.class.getName());
    }

    @Test
    void everyExtensionIsAnnotatedAndHasThePf4jConstructor() throws Exception {
        for (Class<?> extension : List.of(MailgunCredentialType.class, MailgunChannel.class, SendEmail.class,
                MailgunEventsTrigger.class)) {
            assertThat(extension.isAnnotationPresent(Extension.class)).as(extension.getName()).isTrue();
            assertThat(extension.getConstructor().newInstance()).isNotNull();
        }
    }

    @Test
    void nodeTypeIdsAreScopedByThePluginId() {
        for (Node node : List.of(new SendEmail(), new MailgunEventsTrigger())) {
            assertThat(node.descriptor().scope()).isEqualTo("mailgun");
        }
        assertThat(new MailgunChannel().descriptor().channelId()).startsWith("mailgun.");
        assertThat(new MailgunCredentialType().descriptor().typeId()).startsWith("mailgun.");
    }
}
