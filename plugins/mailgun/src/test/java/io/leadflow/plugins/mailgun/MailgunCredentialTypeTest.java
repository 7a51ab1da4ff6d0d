package io.leadflow.plugins.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.node.Property;
import io.leadflow.testkit.JdkHttpClient;
import io.leadflow.testkit.TestCredential;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailgunCredentialTypeTest {
    private final MailgunCredentialType type = new MailgunCredentialType();
    private FakeMailgun mailgun;

    @BeforeEach
    void start() throws IOException {
        mailgun = FakeMailgun.start();
    }

    @AfterEach
    void stop() {
        mailgun.close();
    }

    private ConnectionTest test(Credential credential) throws Exception {
        return type.test(credential, new JdkHttpClient()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void describesTheFieldsWithTheKeysSecret() {
        assertThat(type.descriptor().typeId()).isEqualTo("mailgun.api-key");
        assertThat(type.descriptor().fields()).extracting(Property::id)
                .containsExactly("apiKey", "domain", "region", "baseUrl", "webhookSigningKey", "defaultFrom");
        assertThat(type.descriptor().fields()).filteredOn(Property::secret).extracting(Property::id)
                .containsExactlyInAnyOrder("apiKey", "webhookSigningKey");
        assertThat(type.descriptor().fields()).filteredOn(Property::required).extracting(Property::id)
                .containsExactlyInAnyOrder("apiKey", "domain");
        assertThat(MailgunCredentialType.REGION.allowedValues()).containsExactly("us", "eu");
        assertThat(MailgunCredentialType.REGION.defaultValue()).isEqualTo("us");
    }

    @Test
    void aWorkingKeyReachesTheDomain() throws Exception {
        ConnectionTest result = test(MailgunRequests.credential(mailgun.baseUrl()));

        assertThat(result).isEqualTo(ConnectionTest.ok("domain mg.example.com reachable"));
        FakeMailgun.Received request = mailgun.last();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/v3/domains/mg.example.com");
        assertThat(request.header("Authorization")).isEqualTo(FakeMailgun.basicAuth(FakeMailgun.API_KEY));
    }

    @Test
    void aWrongKeyIsRefused() throws Exception {
        ConnectionTest result = test(MailgunRequests.credential(mailgun.baseUrl(), "key-wrong", FakeMailgun.DOMAIN));

        assertThat(result).isEqualTo(ConnectionTest.failed("Mailgun refused the API key"));
    }

    @Test
    void anUnknownDomainIsReported() throws Exception {
        ConnectionTest result = test(MailgunRequests.credential(mailgun.baseUrl(), FakeMailgun.API_KEY,
                "mg.unknown.org"));

        assertThat(result).isEqualTo(ConnectionTest.failed("unknown domain"));
    }

    @Test
    void anotherStatusIsReportedWithIt() throws Exception {
        mailgun.answerNext(503, "text/plain", "Service Unavailable");

        ConnectionTest result = test(MailgunRequests.credential(mailgun.baseUrl()));

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("503");
    }

    @Test
    void anUnreachableMailgunIsReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        ConnectionTest result = test(MailgunRequests.credential("http://127.0.0.1:" + closedPort));

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).startsWith("cannot reach Mailgun: ");
    }

    @Test
    void aCredentialWithoutKeyFailsWithoutACall() throws Exception {
        ConnectionTest result = test(TestCredential.of("mailgun.api-key", Map.of("domain", "mg.example.com",
                "baseUrl", mailgun.baseUrl())));

        assertThat(result).isEqualTo(ConnectionTest.failed("the Mailgun credential has no API key"));
        assertThat(mailgun.received()).isEmpty();
    }

    @Test
    void theRegionChoosesMailgunsApiUnlessABaseUrlOverridesIt() {
        Map<String, Object> us = Map.of("apiKey", "k", "domain", "mg.example.com");
        Map<String, Object> eu = Map.of("apiKey", "k", "domain", "mg.example.com", "region", "eu");
        Map<String, Object> proxy = Map.of("apiKey", "k", "domain", "mg.example.com", "region", "eu",
                "baseUrl", "https://mailgun-proxy.internal.example/");

        assertThat(MailgunAccount.from(TestCredential.of("mailgun.api-key", us)).messagesUri())
                .isEqualTo(URI.create("https://api.mailgun.net/v3/mg.example.com/messages"));
        assertThat(MailgunAccount.from(TestCredential.of("mailgun.api-key", eu)).domainUri())
                .isEqualTo(URI.create("https://api.eu.mailgun.net/v3/domains/mg.example.com"));
        assertThat(MailgunAccount.from(TestCredential.of("mailgun.api-key", proxy)).messagesUri())
                .isEqualTo(URI.create("https://mailgun-proxy.internal.example/v3/mg.example.com/messages"));
    }

    @Test
    void aDomainThatIsNotAHostNameIsRefused() {
        Map<String, Object> sneaky = Map.of("apiKey", "k", "domain", "mg.example.com/../../v4/keys");

        assertThatThrownBy(() -> MailgunAccount.from(TestCredential.of("mailgun.api-key", sneaky)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a domain name");
    }

    @Test
    void anAccountNeverPrintsItsKeys() {
        MailgunAccount account = MailgunAccount.from(MailgunRequests.credential(mailgun.baseUrl()));

        assertThat(account.toString()).doesNotContain(FakeMailgun.API_KEY).doesNotContain(MailgunRequests.SIGNING_KEY);
    }
}
