package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SMS consent with a third-party channel plugin built in the test (Twilio-like wire format: a
 * form post of From/Body/MessageSid with a shared-secret header in, a JSON post out to a local
 * provider fake): SMS needs an explicit opt-in, START opts in, STOP opts out, and lead changes
 * are published as kernel events.
 */
class SmsConsentIT {
    private static final String SECRET = "sms-test-shared-secret";

    private static byte[] smsPlugin() {
        return TestPluginJar.plugin("smstest", "1.0.0")
                .withPluginClass("test.sms")
                .source("test.sms.Account", """
                        package test.sms;
                        import io.leadflow.api.credential.*;
                        import io.leadflow.api.node.Property;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @org.pf4j.Extension
                        public class Account implements CredentialType {
                            static final Property<String> TOKEN = Property.string("token").label("Token").required().secret().build();
                            static final Property<String> BASE_URL = Property.string("baseUrl").label("Base URL").required().build();
                            public CredentialDescriptor descriptor() {
                                return new CredentialDescriptor("smstest.account", "SMS test", "", List.of(TOKEN, BASE_URL));
                            }
                            public CompletionStage<ConnectionTest> test(Credential credential, io.leadflow.api.http.HttpClient http) {
                                return CompletableFuture.completedFuture(ConnectionTest.ok("ok"));
                            }
                        }
                        """)
                .source("test.sms.Sms", """
                        package test.sms;
                        import io.leadflow.api.channel.*;
                        import io.leadflow.api.http.HttpRequest;
                        import io.leadflow.api.trigger.WebhookRequest;
                        import java.net.URI;
                        import java.net.URLDecoder;
                        import java.nio.charset.StandardCharsets;
                        import java.time.Instant;
                        import java.util.*;
                        import java.util.concurrent.*;
                        @org.pf4j.Extension
                        public class Sms implements Channel {
                            public ChannelDescriptor descriptor() {
                                return new ChannelDescriptor("smstest.sms", Medium.SMS, "SMS (test)", "smstest.account");
                            }
                            public CompletionStage<SendReceipt> send(OutboundMessage message, ChannelContext context) {
                                String json = "{\\"to\\":\\"" + message.to() + "\\",\\"text\\":\\"" + message.text()
                                    + "\\",\\"key\\":\\"" + message.idempotencyKey() + "\\"}";
                                return context.http().send(HttpRequest.post(URI.create(context.credential().get(Account.BASE_URL) + "/messages"))
                                        .header("Authorization", "Bearer " + context.credential().get(Account.TOKEN)).json(json).build())
                                    .thenApply(response -> {
                                        if (!response.successful()) {
                                            throw new ChannelException("provider answered " + response.status(), response.status() >= 500, "provider");
                                        }
                                        return new SendReceipt(response.bodyText(), "queued");
                                    });
                            }
                            public CompletionStage<Optional<InboundMessage>> receive(WebhookRequest request, ChannelContext context) {
                                List<String> secret = request.headers().get("X-Test-Secret");
                                if (secret == null || !secret.get(0).equals(context.credential().get(Account.TOKEN))) {
                                    return CompletableFuture.failedFuture(new SecurityException("wrong secret"));
                                }
                                Map<String, String> form = new HashMap<>();
                                for (String pair : new String(request.body(), StandardCharsets.UTF_8).split("&")) {
                                    String[] parts = pair.split("=", 2);
                                    form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                                        parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
                                }
                                return CompletableFuture.completedFuture(Optional.of(new InboundMessage(Medium.SMS, "smstest.sms",
                                    form.get("From"), form.get("To"), form.get("Body"), form.get("MessageSid"), null, Instant.now(), Map.of())));
                            }
                        }
                        """)
                .build();
    }

    @Test
    void smsNeedsAnOptInThatStartGivesAndStopTakesBack() throws Exception {
        List<String> provider = new CopyOnWriteArrayList<>();
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/messages", exchange -> {
            try (exchange) {
                boolean authorised = ("Bearer " + SECRET).equals(exchange.getRequestHeaders().getFirst("Authorization"));
                provider.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] sid = ("SM" + provider.size()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(authorised ? 201 : 401, sid.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(sid);
                }
            }
        });
        fake.start();
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            installFirstPartyCoreNodes(admin);
            assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), smsPlugin()).status())
                    .isEqualTo(201);
            ApiResponse credential = admin.post("/api/v1/credentials", "{\"name\":\"SMS\",\"type\":\"smstest.account\","
                    + "\"data\":{\"token\":\"" + SECRET + "\",\"baseUrl\":\"http://127.0.0.1:" + fake.getAddress().getPort()
                    + "\"}}");
            assertThat(credential.status()).as(credential.body()).isEqualTo(201);
            BlockingQueue<KernelEvent> events = new LinkedBlockingQueue<>();
            AutoCloseable subscription = kernel.kernel().kernelEvents().subscribe(events::add);

            String leadId = admin.post("/api/v1/leads", "{\"firstName\":\"Eve\",\"phones\":[\"+1 415 555 0199\"],"
                    + "\"tags\":[\"new\"]}").json().get("id").asText();
            assertThat(next(events, "lead.created").data()).containsEntry("leadId", leadId);
            assertThat(next(events, "lead.tag-added").data()).containsEntry("leadId", leadId).containsEntry("tag", "new");

            JsonNode refused = runSend(admin, leadId);
            assertThat(refused.get("status").asText()).isEqualTo("failed");
            assertThat(nodeRun(refused, "send").get("error").asText()).isEqualTo("lead " + leadId
                    + " has not opted in to sms (sms, whatsapp and voice need an explicit opt-in)");
            assertThat(provider).isEmpty();

            ApiResponse start = inbound(admin, "+14155550199", "start", "SM-in-1");
            assertThat(start.status()).as(start.body()).isEqualTo(200);
            assertThat(start.json().get("leadId").asText()).isEqualTo(leadId);
            JsonNode consent = admin.get("/api/v1/leads/" + leadId).json().get("consent").get("sms");
            assertThat(consent.get("state").asText()).isEqualTo("opted_in");
            assertThat(consent.get("source").asText()).isEqualTo("inbound:sms");
            assertThat(next(events, "lead.updated").data()).containsEntry("leadId", leadId)
                    .containsEntry("fields", List.of("consent"));
            assertThat(next(events, "message.received").data()).containsEntry("medium", "sms")
                    .containsEntry("from", "+14155550199").containsEntry("text", "start");

            JsonNode sent = runSend(admin, leadId);
            assertThat(sent.get("status").asText()).as(sent.toString()).isEqualTo("succeeded");
            assertThat(provider).singleElement().satisfies(body -> assertThat(body)
                    .contains("\"to\":\"+14155550199\"")
                    .contains("\"key\":\"" + nodeRun(sent, "send").get("idempotencyKey").asText() + ":0\""));

            assertThat(inbound(admin, "+14155550199", "STOP", "SM-in-2").status()).isEqualTo(200);
            JsonNode stopped = runSend(admin, leadId);
            assertThat(nodeRun(stopped, "send").get("error").asText()).startsWith("lead " + leadId + " opted out of sms (")
                    .endsWith(", inbound:sms)");
            assertThat(provider).hasSize(1);

            ApiResponse forged = admin.send("POST", "/hooks/channels/smstest/sms", "application/x-www-form-urlencoded",
                    "From=%2B14155550199&Body=START&MessageSid=SM-x".getBytes(StandardCharsets.UTF_8));
            assertThat(forged.status()).isEqualTo(401);
            assertThat(admin.get("/api/v1/leads/" + leadId).json().get("consent").get("sms").get("state").asText())
                    .isEqualTo("opted_out");
            subscription.close();
        } finally {
            fake.stop(0);
        }
    }

    private static KernelEvent next(BlockingQueue<KernelEvent> events, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            KernelEvent event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.type().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event");
    }

    private static ApiResponse inbound(ApiClient client, String from, String text, String sid) {
        String form = "From=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&To=%2B15550001111&Body="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&MessageSid=" + sid;
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(client.base().resolve("/hooks/channels/smstest/sms"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("X-Test-Secret", SECRET)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void installFirstPartyCoreNodes(ApiClient admin) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            Path core = files.filter(path -> path.getFileName().toString().contains("core")).findFirst().orElseThrow();
            assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), Files.readAllBytes(core))
                    .status()).isEqualTo(201);
        }
    }

    private static JsonNode runSend(ApiClient admin, String leadId) {
        String workflowId = admin.post("/api/v1/workflows", """
                {"name":"Text","nodes":[
                  {"id":"m","name":"Manual","type":"core.manual"},
                  {"id":"send","name":"Send","type":"core.send-message","config":{"channel":"sms","text":"Hello"}}],
                 "edges":[{"from":{"node":"m","port":"main"},"to":{"node":"send","port":"main"}}]}""")
                .json().get("workflow").get("id").asText();
        String executionId = admin.post("/api/v1/workflows/" + workflowId + "/executions",
                "{\"payload\":{\"leadId\":\"" + leadId + "\"}}").json().get("executionId").asText();
        return Executions.awaitStatus(admin, executionId, 30, "succeeded", "failed");
    }

    private static JsonNode nodeRun(JsonNode execution, String nodeId) {
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals(nodeId)) {
                return run;
            }
        }
        throw new AssertionError("no run of " + nodeId + " in " + execution);
    }
}
