package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Messaging end to end on real PostgreSQL with the real core-nodes and Mailgun plugins and a
 * Mailgun fake: inbound replies stored encrypted and published, STOP opting out, consent enforced
 * on sends, idempotency keys reaching the provider, and lead events starting workflows.
 */
class MessagingIT {
    private static final Path BUILT = Path.of("target", "first-party-plugins");

    private static TestKernel kernel;
    private static ApiClient admin;
    private static FakeMailgunApi mailgun;

    @BeforeAll
    static void start() throws Exception {
        mailgun = new FakeMailgunApi();
        kernel = TestKernel.start();
        admin = kernel.admin();
        List<Path> jars;
        try (Stream<Path> files = Files.list(BUILT)) {
            // core nodes and the email channel only: some tests need a medium no started plugin offers
            jars = files.filter(path -> path.getFileName().toString().matches("leadflow-plugin-(core-nodes|mailgun)-.*\\.jar"))
                    .sorted().toList();
        }
        assertThat(jars).hasSize(2);
        for (Path jar : jars) {
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    Files.readAllBytes(jar));
            assertThat(installed.status()).as(jar + ": " + installed.body()).isEqualTo(201);
        }
        ApiResponse credential = admin.post("/api/v1/credentials", "{\"name\":\"Mailgun\",\"type\":\"mailgun.api-key\","
                + "\"data\":" + mailgun.credentialData() + "}");
        assertThat(credential.status()).as(credential.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (kernel != null) {
            kernel.close();
        }
        if (mailgun != null) {
            mailgun.close();
        }
    }

    private static ApiResponse inbound(String from, String text, String messageId) {
        return admin.send("POST", "/hooks/channels/mailgun/email", "application/x-www-form-urlencoded",
                FakeMailgunApi.inboundForm(from, text, messageId).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anInboundReplyIsStoredEncryptedMatchedToANewLeadAndPublishedOnce() throws Exception {
        BlockingQueue<KernelEvent> events = new LinkedBlockingQueue<>();
        AutoCloseable subscription = kernel.kernel().kernelEvents().subscribe(event -> {
            if (event.type().equals("message.received")) {
                events.add(event);
            }
        });
        try (subscription) {
            ApiResponse received = inbound("alice.reply@example.com", "Yes, let's talk on Tuesday", "<alice-1@mail.example.com>");

            assertThat(received.status()).as(received.body()).isEqualTo(200);
            String leadId = received.json().get("leadId").asText();
            String messageId = received.json().get("messageId").asText();
            assertThat(received.json().get("duplicate").asBoolean()).isFalse();
            JsonNode lead = admin.get("/api/v1/leads/" + leadId).json();
            assertThat(lead.get("emails").get(0).asText()).isEqualTo("alice.reply@example.com");
            assertThat(lead.get("source").asText()).isEqualTo("mailgun.email");

            // an earlier test's late event may arrive first: take the one for this message
            KernelEvent event = events.poll(10, TimeUnit.SECONDS);
            while (event != null && !messageId.equals(event.data().get("messageId"))) {
                event = events.poll(10, TimeUnit.SECONDS);
            }
            assertThat(event).isNotNull();
            assertThat(event.data()).containsEntry("leadId", leadId).containsEntry("correlationKey", leadId)
                    .containsEntry("medium", "email").containsEntry("channelId", "mailgun.email")
                    .containsEntry("from", "alice.reply@example.com").containsEntry("text", "Yes, let's talk on Tuesday")
                    .containsEntry("messageId", messageId);

            String table = RawDatabase.dump(kernel, "message");
            // sealed with the lead data key that is primary, so a key rotation moves it with the lead's fields
            String primaryKey = admin.get("/api/v1/keys").json().get("primaryKeyId").asText();
            assertThat(table).contains(messageId).contains("v1:" + primaryKey + ":")
                    .doesNotContain("alice.reply@example.com").doesNotContain("Tuesday");
            JsonNode messages = admin.get("/api/v1/leads/" + leadId + "/messages").json().get("items");
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).get("direction").asText()).isEqualTo("inbound");
            assertThat(messages.get(0).get("text").asText()).isEqualTo("Yes, let's talk on Tuesday");
            assertThat(messages.get(0).get("from").asText()).isEqualTo("alice.reply@example.com");

            ApiResponse again = inbound("alice.reply@example.com", "Yes, let's talk on Tuesday", "<alice-1@mail.example.com>");
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("duplicate").asBoolean()).isTrue();
            assertThat(again.json().get("messageId").asText()).isEqualTo(messageId);
            KernelEvent late = events.poll(1, TimeUnit.SECONDS);
            while (late != null && !messageId.equals(late.data().get("messageId"))) {
                late = events.poll(1, TimeUnit.SECONDS);
            }
            assertThat(late).as("a redelivery publishes nothing").isNull();

            // the lead store lower-cases an address's domain (and keeps its local part as written)
            ApiResponse second = inbound("alice.reply@EXAMPLE.com", "Another one", "<alice-2@mail.example.com>");
            assertThat(second.json().get("leadId").asText()).as("the same lead, by its email").isEqualTo(leadId);
            assertThat(second.json().get("duplicate").asBoolean()).isFalse();
        }
    }

    @Test
    void erasingALeadScrubsItsMessagesAndANewReplyMakesANewLead() throws Exception {
        ApiResponse received = inbound("erase.me@example.com", "Call me on 0170 1234567", "<erase-1@mail.example.com>");
        String leadId = received.json().get("leadId").asText();
        String messageId = received.json().get("messageId").asText();

        assertThat(admin.delete("/api/v1/leads/" + leadId).status()).isEqualTo(204);

        String row = RawDatabase.dump(kernel, "message WHERE id = '" + messageId + "'");
        assertThat(row).contains(messageId).contains("mailgun.email").doesNotContain("v1:");
        JsonNode kept = admin.get("/api/v1/leads/" + leadId + "/messages").json().get("items").get(0);
        assertThat(kept.hasNonNull("text")).isFalse();
        assertThat(kept.hasNonNull("from")).isFalse();
        assertThat(kept.get("direction").asText()).isEqualTo("inbound");
        ApiResponse again = inbound("erase.me@example.com", "Hello again", "<erase-2@mail.example.com>");
        assertThat(again.json().get("leadId").asText()).as("the erased sender is unknown now").isNotEqualTo(leadId);
    }

    @Test
    void aForgedInboundPostIsRejectedAndStoresNothing() throws Exception {
        String forged = FakeMailgunApi.inboundForm("mallory@example.com", "hi", "<forged@mail.example.com>")
                .replaceAll("signature=[0-9a-f]+", "signature=" + "0".repeat(64));

        ApiResponse response = admin.send("POST", "/hooks/channels/mailgun/email", "application/x-www-form-urlencoded",
                forged.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(admin.get("/api/v1/leads?email=mallory@example.com").json().get("items")).isEmpty();
        assertThat(admin.send("POST", "/hooks/channels/mailgun/nope", "application/x-www-form-urlencoded", new byte[0])
                .status()).isEqualTo(404);
    }

    @Test
    void stopOptsTheLeadOutOfTheMediumAndItIsNeverMessagedAgain() throws Exception {
        String leadId = admin.post("/api/v1/leads", "{\"firstName\":\"Bob\",\"emails\":[\"bob.stop@example.com\"],"
                + "\"consent\":{\"email\":{\"state\":\"opted_in\",\"source\":\"form\"}}}").json().get("id").asText();

        ApiResponse stop = inbound("bob.stop@example.com", "  Stop \n", "<bob-stop@mail.example.com>");

        assertThat(stop.status()).as(stop.body()).isEqualTo(200);
        assertThat(stop.json().get("leadId").asText()).isEqualTo(leadId);
        JsonNode consent = admin.get("/api/v1/leads/" + leadId).json().get("consent").get("email");
        assertThat(consent.get("state").asText()).isEqualTo("opted_out");
        assertThat(consent.get("source").asText()).isEqualTo("inbound:email");
        assertThat(admin.get("/api/v1/audit?targetId=" + leadId).json().get("items"))
                .extracting(row -> row.get("action").asText()).contains("consent.opted-out", "message.received");

        int before = mailgun.sent().size();
        JsonNode execution = runSend(leadId, "email");
        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        JsonNode send = nodeRun(execution, "send");
        assertThat(send.get("error").asText()).startsWith("lead " + leadId + " opted out of email (")
                .endsWith(", inbound:email)");
        assertThat(send.get("attempt").asInt()).as("a permanent failure is not retried").isEqualTo(1);
        assertThat(mailgun.sent()).as("the provider received nothing").hasSize(before);
        assertThat(admin.get("/api/v1/audit?targetId=" + leadId).json().get("items"))
                .extracting(row -> row.get("action").asText()).contains("message.refused");
    }

    @Test
    void aMediumNoStartedPluginOffersFailsPermanentlyWithThatReason() {
        String leadId = admin.post("/api/v1/leads", "{\"emails\":[\"sms.only@example.com\"],\"phones\":[\"+14155550123\"]}")
                .json().get("id").asText();

        JsonNode execution = runSend(leadId, "sms");

        assertThat(execution.get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(execution, "send").get("error").asText())
                .contains("no started plugin offers a channel for sms");
    }

    @Test
    void anOptedInLeadIsMessagedOnceWithTheNodeRunsIdempotencyKey() throws Exception {
        String leadId = admin.post("/api/v1/leads", "{\"firstName\":\"Carol\",\"emails\":[\"carol.in@example.com\"],"
                + "\"consent\":{\"email\":{\"state\":\"opted_in\",\"source\":\"form\"}}}").json().get("id").asText();

        JsonNode execution = runSend(leadId, "email");

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
        JsonNode send = nodeRun(execution, "send");
        List<java.util.Map<String, List<String>>> toCarol = mailgun.sent().stream()
                .filter(form -> form.get("to").contains("carol.in@example.com")).toList();
        assertThat(toCarol).hasSize(1);
        assertThat(toCarol.get(0).get("h:X-LeadFlow-Idempotency-Key"))
                .containsExactly(send.get("idempotencyKey").asText() + ":0");
        assertThat(toCarol.get(0).get("subject")).containsExactly("Your quote");
        assertThat(toCarol.get(0).get("v:leadId")).containsExactly(leadId);
        String providerId = send.get("output").get("main").get(0).get("message").get("providerMessageId").asText();
        assertThat(providerId).endsWith("@" + FakeMailgunApi.DOMAIN + ">");

        JsonNode stored = admin.get("/api/v1/leads/" + leadId + "/messages").json().get("items").get(0);
        assertThat(stored.get("direction").asText()).isEqualTo("outbound");
        assertThat(stored.get("status").asText()).isEqualTo("sent");
        assertThat(stored.get("to").asText()).isEqualTo("carol.in@example.com");
        assertThat(stored.get("providerMessageId").asText()).isEqualTo(providerId);
        assertThat(RawDatabase.dump(kernel, "message")).doesNotContain("carol.in@example.com")
                .doesNotContain("Thanks for asking");
        assertThat(admin.get("/api/v1/audit?targetId=" + leadId).json().get("items"))
                .extracting(row -> row.get("actorType").asText() + ":" + row.get("action").asText())
                .contains("workflow:message.sent");
    }

    @Test
    void aLeadCreatedThroughTheApiStartsTheActiveLeadCreatedWorkflow() {
        String workflowId = admin.post("/api/v1/workflows", """
                {"name":"Welcome","nodes":[
                  {"id":"t","name":"New lead","type":"core.lead-created"},
                  {"id":"tag","name":"Tag","type":"core.add-tag","config":{"tags":"welcomed"}}],
                 "edges":[{"from":{"node":"t","port":"main"},"to":{"node":"tag","port":"main"}}]}""")
                .json().get("workflow").get("id").asText();
        assertThat(admin.post("/api/v1/workflows/" + workflowId + "/activate", "").status()).isEqualTo(200);

        String leadId = admin.post("/api/v1/leads", "{\"firstName\":\"Dan\",\"emails\":[\"dan.new@example.com\"]}")
                .json().get("id").asText();

        JsonNode execution = awaitExecutionOf(workflowId);
        assertThat(execution.get("mode").asText()).isEqualTo("event");
        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
        assertThat(nodeRun(execution, "t").get("output").get("main").get(0).get("leadId").asText()).isEqualTo(leadId);
        assertThat(admin.get("/api/v1/leads/" + leadId).json().get("tags")).extracting(JsonNode::asText)
                .containsExactly("welcomed");
        assertThat(admin.post("/api/v1/workflows/" + workflowId + "/deactivate", "").status()).isEqualTo(200);
    }

    @Test
    void aReplyStartsTheActiveMessageReceivedWorkflowForItsMedium() {
        String workflowId = admin.post("/api/v1/workflows", """
                {"name":"Replied","nodes":[
                  {"id":"t","name":"Reply","type":"core.message-received","config":{"medium":"email"}},
                  {"id":"tag","name":"Tag","type":"core.add-tag","config":{"tags":"replied"}}],
                 "edges":[{"from":{"node":"t","port":"main"},"to":{"node":"tag","port":"main"}}]}""")
                .json().get("workflow").get("id").asText();
        assertThat(admin.post("/api/v1/workflows/" + workflowId + "/activate", "").status()).isEqualTo(200);
        try {
            ApiResponse received = inbound("fay.reply@example.com", "Sounds good", "<fay-1@mail.example.com>");
            String leadId = received.json().get("leadId").asText();

            JsonNode execution = awaitExecutionOf(workflowId);
            assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
            JsonNode item = nodeRun(execution, "t").get("output").get("main").get(0);
            assertThat(item.get("leadId").asText()).isEqualTo(leadId);
            assertThat(item.get("text").asText()).isEqualTo("Sounds good");
            assertThat(item.get("medium").asText()).isEqualTo("email");
            assertThat(admin.get("/api/v1/leads/" + leadId).json().get("tags")).extracting(JsonNode::asText)
                    .containsExactly("replied");
        } finally {
            admin.post("/api/v1/workflows/" + workflowId + "/deactivate", "");
        }
    }

    @Test
    void aRunWaitingForTheLeadsReplyResumesOnItsNextInboundMessage() {
        String leadId = inbound("gus.wait@example.com", "Tell me more", "<gus-1@mail.example.com>").json()
                .get("leadId").asText();
        String workflowId = admin.post("/api/v1/workflows", """
                {"name":"Nudge","nodes":[
                  {"id":"m","name":"Manual","type":"core.manual"},
                  {"id":"w","name":"Wait for reply","type":"core.wait-for-reply","config":{"amount":60,"unit":"seconds"}},
                  {"id":"yes","name":"Replied","type":"core.set","config":{"mappings":{"reply":"event.text"}}},
                  {"id":"no","name":"Silent","type":"core.set","config":{"mappings":{"silent":"true"}}}],
                 "edges":[{"from":{"node":"m","port":"main"},"to":{"node":"w","port":"main"}},
                          {"from":{"node":"w","port":"received"},"to":{"node":"yes","port":"main"}},
                          {"from":{"node":"w","port":"timeout"},"to":{"node":"no","port":"main"}}]}""")
                .json().get("workflow").get("id").asText();
        String executionId = admin.post("/api/v1/workflows/" + workflowId + "/executions",
                "{\"payload\":{\"leadId\":\"" + leadId + "\"}}").json().get("executionId").asText();
        Executions.awaitStatus(admin, executionId, 20, "waiting");

        inbound("gus.wait@example.com", "Yes, call me Monday", "<gus-2@mail.example.com>");
        JsonNode execution = Executions.awaitStatus(admin, executionId, 20, "succeeded", "failed");
        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
        assertThat(nodeRun(execution, "yes").get("output").get("main").get(0).get("reply").asText())
                .isEqualTo("Yes, call me Monday");
        assertThat(execution.get("nodeRuns")).noneSatisfy(run -> assertThat(run.get("nodeId").asText()).isEqualTo("no"));

        // the GDPR export carries the lead's messages, decrypted
        JsonNode messages = admin.get("/api/v1/leads/" + leadId + "/export").json().get("messages");
        List<String> texts = new java.util.ArrayList<>();
        messages.forEach(message -> texts.add(message.path("text").asText()));
        assertThat(texts).contains("Tell me more", "Yes, call me Monday");
    }

    /** Runs a one-off Manual → Send message workflow for the lead and waits for its end. */
    private static JsonNode runSend(String leadId, String channel) {
        String workflowId = admin.post("/api/v1/workflows", """
                {"name":"Send","nodes":[
                  {"id":"m","name":"Manual","type":"core.manual"},
                  {"id":"send","name":"Send","type":"core.send-message",
                   "config":{"channel":"%s","subject":"Your quote","text":"Thanks for asking"}}],
                 "edges":[{"from":{"node":"m","port":"main"},"to":{"node":"send","port":"main"}}]}"""
                .formatted(channel)).json().get("workflow").get("id").asText();
        String executionId = admin.post("/api/v1/workflows/" + workflowId + "/executions",
                "{\"payload\":{\"leadId\":\"" + leadId + "\"}}").json().get("executionId").asText();
        return Executions.awaitStatus(admin, executionId, 30, "succeeded", "failed");
    }

    private static JsonNode awaitExecutionOf(String workflowId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode items = admin.get("/api/v1/executions?workflowId=" + workflowId).json().get("items");
            if (items.size() > 0) {
                return Executions.awaitStatus(admin, items.get(0).get("id").asText(), 20, "succeeded", "failed");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no execution of workflow " + workflowId + " started");
    }

    private static JsonNode nodeRun(JsonNode execution, String nodeId) {
        JsonNode found = null;
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals(nodeId)) {
                found = run;
            }
        }
        assertThat(found).as("a run of " + nodeId + " in " + execution).isNotNull();
        return found;
    }
}
