package io.leadflow.kernel.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.message.FakeMailgunApi;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.plugins.meta.HubSignature;
import io.leadflow.plugins.mt5.FakeWebTerminal;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The template gallery on a real kernel with every first-party plugin installed: the four
 * templates listed with what they need, each imported as a workflow that saves, takes its
 * credentials and activates, unique names, credentials assigned when only one fits, 404 and 409
 * problems; and every template run end to end against provider fakes: the web form (Mailgun: the
 * welcome email, then the lead's reply taking the "replied" branch, or no reply the follow-up),
 * MT5 (the fake web terminal: tagged by equity, no run data kept), the missed call (VAPI and
 * Twilio: no answer, so an SMS) and inbound WhatsApp (signed as Meta signs it: tagged by its
 * words). Ordered: the credential lists depend on which credentials the earlier tests created.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BUILT = Path.of("target", "first-party-plugins");
    private static final String FORM = "web-form-welcome-follow-up";
    private static final String WHATSAPP = "whatsapp-qualify-tag";
    private static final String MT5 = "mt5-account-qualification";
    private static final String MISSED_CALL = "missed-call-sms";

    private static TestKernel kernel;
    private static ApiClient admin;
    private static ApiClient editor;
    private static ApiClient viewer;
    private static FakeMailgunApi mailgun;
    /** The credential created per type by {@link #importsEachTemplateAsAWorkflowThatTakesItsCredentialsAndActivates}. */
    private static final Map<String, String> CREDENTIALS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        mailgun = new FakeMailgunApi();
        kernel = TestKernel.start();
        admin = kernel.admin();
        List<Path> jars;
        try (Stream<Path> files = Files.list(BUILT)) {
            jars = files.filter(path -> path.getFileName().toString().startsWith("leadflow-plugin-")).sorted().toList();
        }
        assertThat(jars).hasSizeGreaterThanOrEqualTo(6);
        for (Path jar : jars) {
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    Files.readAllBytes(jar));
            assertThat(installed.status()).as(jar + ": " + installed.body()).isEqualTo(201);
        }
        editor = kernel.userWithRole("template-editor", "editor");
        viewer = kernel.userWithRole("template-viewer", "viewer");
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

    @Test
    @Order(1)
    void listsTheFourTemplatesWithTheirNodeTypesAndCredentialTypes() {
        assertThat(kernel.anonymous().get("/api/v1/templates").status()).isEqualTo(401);
        ApiResponse listed = viewer.get("/api/v1/templates");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode items = listed.json().get("items");
        assertThat(ids(items)).containsExactly(FORM, WHATSAPP, MT5, MISSED_CALL);
        for (JsonNode item : items) {
            assertThat(item.get("available").asBoolean()).as(item.toString()).isTrue();
            assertThat(item.get("missingPlugins")).as(item.get("id").asText()).isEmpty();
            assertThat(item.get("name").asText()).isNotBlank();
            assertThat(item.get("description").asText()).isNotBlank();
            assertThat(item.get("category").asText()).isNotBlank();
            item.get("nodeTypes").forEach(type -> assertThat(type.get("installed").asBoolean()).isTrue());
        }

        JsonNode form = items.get(0);
        assertThat(texts(form.get("nodeTypes"), "type")).containsExactly("core.webhook", "core.upsert-lead",
                "mailgun.send-email", "core.wait-for-reply", "core.add-tag");
        JsonNode sendEmail = form.get("nodeTypes").get(2);
        assertThat(sendEmail.get("label").asText()).isEqualTo("Send email (Mailgun)");
        assertThat(sendEmail.get("icon").asText()).isEqualTo("mail");
        assertThat(sendEmail.get("plugin").asText()).isEqualTo("mailgun");
        assertThat(texts(form.get("nodeTypes").get(2).get("credentialTypes"))).containsExactly("mailgun.api-key");
        assertThat(texts(form.get("plugins"))).containsExactly("core", "mailgun");
        assertThat(form.get("nodeCount").asInt()).isEqualTo(6);
        assertThat(texts(form.get("credentialTypes"))).containsExactly("mailgun.api-key");

        JsonNode whatsapp = items.get(1);
        assertThat(texts(whatsapp.get("nodeTypes"), "type")).containsExactly("core.message-received", "core.if",
                "core.add-tag");
        assertThat(texts(whatsapp.get("plugins"))).containsExactly("core", "whatsapp");
        assertThat(whatsapp.get("channels").get(0).get("channel").asText()).isEqualTo("whatsapp.message");
        assertThat(whatsapp.get("channels").get(0).get("installed").asBoolean()).isTrue();
        assertThat(texts(whatsapp.get("credentialTypes"))).containsExactly("whatsapp.cloud");

        JsonNode mt5 = items.get(2);
        assertThat(texts(mt5.get("nodeTypes"), "type")).contains("mt5.read-account", "core.if", "core.add-tag");
        assertThat(texts(mt5.get("plugins"))).containsExactly("core", "mt5");
        assertThat(mt5.get("credentialTypes")).as("the lead's form supplies the MT5 account").isEmpty();

        JsonNode missedCall = items.get(3);
        assertThat(texts(missedCall.get("nodeTypes"), "type")).containsExactly("core.lead-created", "core.find-lead",
                "core.if", "vapi.call-and-wait", "core.send-message");
        assertThat(texts(missedCall.get("plugins"))).containsExactly("core", "vapi", "twilio");
        assertThat(texts(missedCall.get("credentialTypes"))).containsExactly("vapi.account", "twilio.account");

        JsonNode paths = viewer.get("/api/v1/openapi.json").json().get("paths");
        assertThat(paths.get("/api/v1/templates").has("get")).isTrue();
        JsonNode importOperation = paths.get("/api/v1/templates/{id}/import").get("post");
        assertThat(importOperation.get("responses").has("201")).isTrue();
        assertThat(importOperation.get("responses").has("404")).isTrue();
        assertThat(importOperation.get("responses").has("409")).isTrue();
    }

    @Test
    @Order(2)
    void importsEachTemplateAsAWorkflowThatTakesItsCredentialsAndActivates() {
        assertThat(admin.get("/api/v1/credentials").json().get("items")).as("no credential exists yet").isEmpty();
        Map<String, List<String>> expectedNodes = Map.of(
                FORM, List.of("web-form", "create-lead", "welcome-email", "wait-for-reply", "follow-up-email", "tag-replied"),
                WHATSAPP, List.of("whatsapp-message", "mentions-buying", "tag-qualified", "tag-nurture"),
                MT5, List.of("account-form", "create-lead", "read-account", "equity-check", "tag-qualified",
                        "tag-below-minimum"),
                MISSED_CALL, List.of("new-lead", "find-lead", "has-phone", "call-lead", "missed-call-sms"));
        Map<String, List<String>> expectedNeeded = Map.of(
                FORM, List.of("welcome-email:Welcome email:mailgun.api-key", "follow-up-email:Follow-up email:mailgun.api-key"),
                WHATSAPP, List.of(),
                MT5, List.of(),
                MISSED_CALL, List.of("call-lead:Call lead:vapi.account"));
        Map<String, List<String>> expectedChannels = Map.of(
                FORM, List.of(), WHATSAPP, List.of("whatsapp.message:whatsapp.cloud"), MT5, List.of(),
                // vapi.call's credential type is listed once, on the node that needs it
                MISSED_CALL, List.of("twilio.sms:twilio.account"));
        Map<String, JsonNode> imported = new HashMap<>();
        for (String id : List.of(FORM, WHATSAPP, MT5, MISSED_CALL)) {
            ApiResponse created = editor.post("/api/v1/templates/" + id + "/import", "");
            assertThat(created.status()).as(id + ": " + created.body()).isEqualTo(201);
            JsonNode answer = created.json();
            String workflowId = answer.get("workflowId").asText();
            assertThat(created.header("Location")).endsWith("/api/v1/workflows/" + workflowId);
            assertThat(answer.get("templateId").asText()).isEqualTo(id);
            assertThat(answer.get("version").asInt()).isEqualTo(1);
            assertThat(needed(answer.get("credentialsNeeded"))).as(id).containsExactlyElementsOf(expectedNeeded.get(id));
            assertThat(answer.get("credentialsAssigned")).as(id).isEmpty();
            List<String> channels = new ArrayList<>();
            answer.get("channelCredentialsNeeded").forEach(need -> channels.add(need.get("channel").asText() + ":"
                    + need.get("credentialType").asText()));
            assertThat(channels).as(id).containsExactlyElementsOf(expectedChannels.get(id));

            JsonNode saved = editor.get("/api/v1/workflows/" + workflowId).json();
            assertThat(saved.get("active").asBoolean()).as("an imported workflow starts inactive").isFalse();
            assertThat(saved.get("workflow").hasNonNull("activeVersion")).isFalse();
            assertThat(saved.get("document").get("name").asText()).isEqualTo(answer.get("name").asText());
            assertThat(texts(saved.get("document").get("nodes"), "id")).containsExactlyElementsOf(expectedNodes.get(id));
            imported.put(id, answer);
        }
        assertThat(imported.get(MT5).get("credentialsOptional").get(0).get("nodeId").asText()).isEqualTo("read-account");
        assertThat(imported.get(MT5).get("credentialsOptional").get(0).get("credentialType").asText())
                .isEqualTo("mt5.investor-account");

        CREDENTIALS.put("mailgun.api-key", credential("Mailgun", "mailgun.api-key", mailgun.credentialData()));
        CREDENTIALS.put("whatsapp.cloud", credential("WhatsApp", "whatsapp.cloud",
                "{\"phoneNumberId\":\"106540352242922\",\"accessToken\":\"EAAG-template-test\",\"appSecret\":\"app-secret-template-test\",\"verifyToken\":\"verify-template-test\"}"));
        CREDENTIALS.put("vapi.account", credential("VAPI", "vapi.account", "{\"apiKey\":\"vapi-template-test\","
                + "\"phoneNumberId\":\"phone-1\",\"assistantId\":\"assistant-1\",\"serverSecret\":\"server-secret-1\"}"));
        CREDENTIALS.put("twilio.account", credential("Twilio", "twilio.account",
                "{\"accountSid\":\"AC0123456789abcdef0123456789abcdef\",\"authToken\":\"twilio-template-test\","
                        + "\"from\":\"+15005550006\"}"));

        for (JsonNode answer : imported.values()) {
            String workflowId = answer.get("workflowId").asText();
            ObjectNode document = (ObjectNode) editor.get("/api/v1/workflows/" + workflowId).json().get("document");
            for (JsonNode need : answer.get("credentialsNeeded")) {
                setCredential(document, need.get("nodeId").asText(), CREDENTIALS.get(need.get("credentialType").asText()));
            }
            ApiResponse put = editor.send("PUT", "/api/v1/workflows/" + workflowId, "application/json",
                    document.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            ApiResponse activated = editor.post("/api/v1/workflows/" + workflowId + "/activate", "");
            assertThat(activated.status()).as(answer.get("templateId") + ": " + activated.body()).isEqualTo(200);
            assertThat(activated.json().get("activeVersion").asInt()).isEqualTo(2);
            // only the end-to-end test's workflow may listen on the form's path
            assertThat(editor.post("/api/v1/workflows/" + workflowId + "/deactivate", "").status()).isEqualTo(200);
        }

        // with exactly one credential of each type, a second import takes them and gets a name of its own
        ApiResponse again = editor.post("/api/v1/templates/" + FORM + "/import", "");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("name").asText()).isEqualTo(imported.get(FORM).get("name").asText() + " (2)");
        assertThat(again.json().get("credentialsNeeded")).isEmpty();
        assertThat(texts(again.json().get("credentialsAssigned"), "nodeId")).containsExactly("welcome-email",
                "follow-up-email");
        assertThat(texts(again.json().get("credentialsAssigned"), "credentialId"))
                .containsOnly(CREDENTIALS.get("mailgun.api-key"));
        JsonNode document = editor.get("/api/v1/workflows/" + again.json().get("workflowId").asText()).json().get("document");
        assertThat(nodeById(document, "welcome-email").get("credential").asText()).isEqualTo(CREDENTIALS.get("mailgun.api-key"));
        ApiResponse third = editor.post("/api/v1/templates/" + FORM + "/import", "");
        assertThat(third.json().get("name").asText()).isEqualTo(imported.get(FORM).get("name").asText() + " (3)");

        ApiResponse call = editor.post("/api/v1/templates/" + MISSED_CALL + "/import", "");
        assertThat(call.json().get("credentialsNeeded")).isEmpty();
        assertThat(texts(call.json().get("credentialsAssigned"), "nodeId")).containsExactly("call-lead");
        assertThat(call.json().get("channelCredentialsNeeded")).as("a Twilio credential exists now").isEmpty();
    }

    @Test
    @Order(3)
    void theWebFormTemplateCreatesTheLeadSendsTheWelcomeEmailAndTakesTheReplyBranch() throws Exception {
        // a second Mailgun credential: nothing is guessed, the user picks one per node
        String credentialId = credential("Mailgun for the form", "mailgun.api-key", mailgun.credentialData());
        ApiResponse imported = editor.post("/api/v1/templates/" + FORM + "/import", "");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(texts(imported.json().get("credentialsNeeded"), "nodeId")).containsExactly("welcome-email",
                "follow-up-email");
        String workflowId = imported.json().get("workflowId").asText();
        ObjectNode document = (ObjectNode) editor.get("/api/v1/workflows/" + workflowId).json().get("document");
        setCredential(document, "welcome-email", credentialId);
        setCredential(document, "follow-up-email", credentialId);
        assertThat(editor.send("PUT", "/api/v1/workflows/" + workflowId, "application/json",
                document.toString().getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        ApiResponse activated = editor.post("/api/v1/workflows/" + workflowId + "/activate", "");
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        int sentBefore = mailgun.sent().size();

        ApiResponse posted = kernel.anonymous().send("POST", "/hooks/forms/contact",
                "application/x-www-form-urlencoded", "name=Ada&email=ada.template%40example.com"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        String executionId = posted.json().get("executionId").asText();
        JsonNode waiting = Executions.awaitStatus(editor, executionId, 30, "waiting", "failed", "succeeded");
        assertThat(waiting.get("status").asText()).as(waiting.toString()).isEqualTo("waiting");

        String leadId = run(waiting, "create-lead").get("output").get("main").get(0).get("id").asText();
        JsonNode lead = editor.get("/api/v1/leads/" + leadId).json();
        assertThat(lead.get("firstName").asText()).isEqualTo("Ada");
        assertThat(texts(lead.get("emails"))).containsExactly("ada.template@example.com");
        assertThat(texts(lead.get("tags"))).contains("web-form");
        assertThat(lead.get("source").asText()).isEqualTo("web-form");

        List<Map<String, List<String>>> sent = mailgun.sent().subList(sentBefore, mailgun.sent().size());
        assertThat(sent).as("one welcome email reached Mailgun").hasSize(1);
        assertThat(sent.get(0).get("to")).containsExactly("ada.template@example.com");
        assertThat(sent.get(0).get("subject")).containsExactly("Thanks for getting in touch");
        assertThat(sent.get(0).get("text").get(0)).startsWith("Hi Ada,");

        // the lead answers the welcome email: the run leaves the wait on "received" and tags the lead
        ApiResponse reply = kernel.anonymous().send("POST", "/hooks/channels/mailgun/email?credential=" + credentialId,
                "application/x-www-form-urlencoded", FakeMailgunApi.inboundForm("ada.template@example.com",
                        "Yes, please call me", "<ada-template-1@mail.example.com>").getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("leadId").asText()).isEqualTo(leadId);
        JsonNode finished = Executions.awaitStatus(editor, executionId, 30, "succeeded", "failed");
        assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("succeeded");
        assertThat(texts(editor.get("/api/v1/leads/" + leadId).json().get("tags"))).contains("web-form", "replied");
        assertThat(hasRun(finished, "follow-up-email")).as("no follow-up after a reply").isFalse();
        assertThat(mailgun.sent().size() - sentBefore).isEqualTo(1);
        assertThat(editor.post("/api/v1/workflows/" + workflowId + "/deactivate", "").status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void withoutAReplyTheWebFormTemplateSendsTheFollowUpAfterItsWait() {
        List<String> mailgunCredentials = new ArrayList<>();
        admin.get("/api/v1/credentials").json().get("items").forEach(item -> {
            if (item.get("type").asText().equals("mailgun.api-key")) {
                mailgunCredentials.add(item.get("id").asText());
            }
        });
        ApiResponse imported = editor.post("/api/v1/templates/" + FORM + "/import", "");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        String workflowId = imported.json().get("workflowId").asText();
        ObjectNode document = (ObjectNode) editor.get("/api/v1/workflows/" + workflowId).json().get("document");
        setCredential(document, "welcome-email", mailgunCredentials.get(0));
        setCredential(document, "follow-up-email", mailgunCredentials.get(0));
        // two seconds instead of two days: the branch after the durable wait is the template's own
        ((ObjectNode) nodeById(document, "wait-for-reply").get("config")).put("amount", 2).put("unit", "seconds");
        assertThat(editor.send("PUT", "/api/v1/workflows/" + workflowId, "application/json",
                document.toString().getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertThat(editor.post("/api/v1/workflows/" + workflowId + "/activate", "").status()).isEqualTo(200);
        int sentBefore = mailgun.sent().size();

        ApiResponse posted = kernel.anonymous().post("/hooks/forms/contact",
                "{\"name\": \"Bea\", \"email\": \"bea.template@example.com\"}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        JsonNode finished = Executions.awaitStatus(editor, posted.json().get("executionId").asText(), 30,
                "succeeded", "failed");
        assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("succeeded");
        assertThat(hasRun(finished, "tag-replied")).isFalse();
        List<Map<String, List<String>>> sent = mailgun.sent().subList(sentBefore, mailgun.sent().size());
        assertThat(sent).extracting(form -> form.get("subject").get(0))
                .containsExactly("Thanks for getting in touch", "Just following up");
        assertThat(sent.get(1).get("to")).containsExactly("bea.template@example.com");
        assertThat(sent.get(1).get("text").get(0)).startsWith("Hi Bea,");
        assertThat(editor.post("/api/v1/workflows/" + workflowId + "/deactivate", "").status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void unknownTemplatesAnswer404AndMissingPlugins409NamingThem() {
        ApiResponse unknown = editor.post("/api/v1/templates/no-such-template/import", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("detail").asText()).contains("no-such-template");

        assertThat(viewer.post("/api/v1/templates/" + FORM + "/import", "").status())
                .as("a viewer may look, not import").isEqualTo(403);

        assertThat(admin.post("/api/v1/plugins/twilio/stop", "").status()).isEqualTo(200);
        try {
            JsonNode missedCall = null;
            for (JsonNode item : viewer.get("/api/v1/templates").json().get("items")) {
                if (item.get("id").asText().equals(MISSED_CALL)) {
                    missedCall = item;
                }
                if (item.get("id").asText().equals(FORM)) {
                    assertThat(item.get("available").asBoolean()).as("it does not use Twilio").isTrue();
                }
            }
            assertThat(missedCall).isNotNull();
            assertThat(missedCall.get("available").asBoolean()).isFalse();
            assertThat(texts(missedCall.get("missingPlugins"))).containsExactly("twilio");
            assertThat(missedCall.get("channels").get(1).get("installed").asBoolean()).isFalse();

            int workflowsBefore = editor.get("/api/v1/workflows?limit=200").json().get("items").size();
            ApiResponse refused = editor.post("/api/v1/templates/" + MISSED_CALL + "/import", "");
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(texts(refused.json().get("missingPlugins"))).containsExactly("twilio");
            assertThat(refused.json().get("detail").asText()).contains("twilio");
            assertThat(editor.get("/api/v1/workflows?limit=200").json().get("items").size())
                    .as("nothing was created").isEqualTo(workflowsBefore);
        } finally {
            assertThat(admin.post("/api/v1/plugins/twilio/start", "").status()).isEqualTo(200);
        }
        assertThat(editor.post("/api/v1/templates/" + MISSED_CALL + "/import", "").status()).isEqualTo(201);
    }

    @Test
    @Order(6)
    void theMt5TemplateReadsTheLeadsOwnAccountTagsByEquityAndKeepsNoRunData() throws Exception {
        String password = "inv-Template#1";
        FakeWebTerminal terminal = FakeWebTerminal.start()
                .account(new FakeWebTerminal.Account("51234567", password, "FakeBroker-Demo", "USD", 1500.00, 1620.40,
                        100.00, List.of(), List.of()))
                .account(new FakeWebTerminal.Account("50000001", "look-only", "FakeBroker-Demo", "USD", 600.00, 600.00,
                        0.0, List.of(), List.of()));
        try (terminal) {
            ApiResponse imported = editor.post("/api/v1/templates/" + MT5 + "/import", "");
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            assertThat(imported.json().get("credentialsNeeded")).isEmpty();
            String workflowId = imported.json().get("workflowId").asText();
            ObjectNode document = (ObjectNode) editor.get("/api/v1/workflows/" + workflowId).json().get("document");
            assertThat(document.get("settings").get("keepExecutionData").asText()).isEqualTo("none");
            // the broker's own web terminal, as a user would enter it; everything else is the template's
            ((ObjectNode) nodeById(document, "read-account").get("config")).put("terminalUrl", terminal.terminalUrl().toString());
            assertThat(editor.send("PUT", "/api/v1/workflows/" + workflowId, "application/json",
                    document.toString().getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
            ApiResponse activated = editor.post("/api/v1/workflows/" + workflowId + "/activate", "");
            assertThat(activated.status()).as(activated.body()).isEqualTo(200);

            String funded = submitMt5("funded.mt5@example.org", 51234567, password);
            String small = submitMt5("small.mt5@example.org", 50000001, "look-only");

            assertThat(texts(leadByEmail("funded.mt5@example.org").get("tags"))).contains("mt5", "qualified")
                    .doesNotContain("below-minimum");
            assertThat(texts(leadByEmail("small.mt5@example.org").get("tags"))).contains("mt5", "below-minimum")
                    .doesNotContain("qualified");
            // the form's input held the investor password: a finished run keeps none of its data
            long deadline = System.nanoTime() + 10_000_000_000L;
            String detail = editor.get("/api/v1/executions/" + funded).body();
            while (detail.contains(password) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                detail = editor.get("/api/v1/executions/" + funded).body();
            }
            assertThat(detail).doesNotContain(password);
            assertThat(editor.post("/api/v1/workflows/" + workflowId + "/deactivate", "").status()).isEqualTo(200);
            assertThat(small).isNotEqualTo(funded);
        }
    }

    @Test
    @Order(7)
    void theMissedCallTemplateTextsANewLeadWhoDidNotPickUp() throws Exception {
        String callId = java.util.UUID.randomUUID().toString();
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
        String sid = "AC0123456789abcdef0123456789abcdef";
        HttpServer providers = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // VAPI's POST /call and Twilio's Messages API, as the plugins' own tests speak them
        providers.createContext("/call", exchange -> answer(exchange, calls, 201,
                "{\"id\":\"" + callId + "\",\"type\":\"outboundPhoneCall\",\"status\":\"queued\"}"));
        providers.createContext("/2010-04-01/Accounts/" + sid + "/Messages.json", exchange -> answer(exchange, texts, 201,
                "{\"sid\":\"SM00000000000000000000000000000001\",\"status\":\"queued\"}"));
        providers.start();
        try {
            String providerUrl = "http://127.0.0.1:" + providers.getAddress().getPort();
            // the SMS channel uses the only Twilio credential: this one replaces the earlier test's
            assertThat(admin.delete("/api/v1/credentials/" + CREDENTIALS.get("twilio.account")).status()).isEqualTo(204);
            credential("Twilio for SMS", "twilio.account", "{\"accountSid\":\"" + sid + "\",\"authToken\":\"tw-token\","
                    + "\"from\":\"+15017122661\",\"baseUrl\":\"" + providerUrl + "\"}");
            String vapi = credential("VAPI for calls", "vapi.account", "{\"apiKey\":\"vapi-key\",\"phoneNumberId\":\"pn-1\","
                    + "\"assistantId\":\"as-1\",\"serverSecret\":\"vapi-secret\",\"baseUrl\":\"" + providerUrl + "\"}");

            ApiResponse imported = editor.post("/api/v1/templates/" + MISSED_CALL + "/import", "");
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            assertThat(texts(imported.json().get("credentialsNeeded"), "nodeId")).as("two VAPI credentials exist")
                    .containsExactly("call-lead");
            assertThat(imported.json().get("channelCredentialsNeeded")).isEmpty();
            String workflowId = imported.json().get("workflowId").asText();
            ObjectNode document = (ObjectNode) editor.get("/api/v1/workflows/" + workflowId).json().get("document");
            setCredential(document, "call-lead", vapi);
            assertThat(editor.send("PUT", "/api/v1/workflows/" + workflowId, "application/json",
                    document.toString().getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
            assertThat(editor.post("/api/v1/workflows/" + workflowId + "/activate", "").status()).isEqualTo(200);

            ApiResponse lead = editor.post("/api/v1/leads", "{\"firstName\":\"Cleo\",\"phones\":[\"+1 415 555 0123\"],"
                    + "\"consent\":{\"voice\":{\"state\":\"opted_in\",\"source\":\"form\"},"
                    + "\"sms\":{\"state\":\"opted_in\",\"source\":\"form\"}}}");
            assertThat(lead.status()).as(lead.body()).isEqualTo(201);
            String executionId = awaitExecutionOf(workflowId);
            JsonNode waiting = Executions.awaitStatus(editor, executionId, 30, "waiting", "failed", "succeeded");
            assertThat(waiting.get("status").asText()).as(waiting.toString()).isEqualTo("waiting");
            assertThat(calls).singleElement().asString().contains("+14155550123");

            java.net.http.HttpResponse<String> report = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(admin.base().resolve("/hooks/channels/vapi/call?credential=" + vapi))
                            .header("Content-Type", "application/json").header("X-Vapi-Secret", "vapi-secret")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"message\":{\"type\":"
                                    + "\"end-of-call-report\",\"endedReason\":\"customer-did-not-answer\","
                                    + "\"call\":{\"id\":\"" + callId + "\"}}}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
            JsonNode done = Executions.awaitStatus(editor, executionId, 30, "succeeded", "failed");
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(texts).singleElement().asString().contains("To=%2B14155550123")
                    .contains("Body=Hi+Cleo%2C+we+just+tried+to+call+you");
            assertThat(editor.post("/api/v1/workflows/" + workflowId + "/deactivate", "").status()).isEqualTo(200);
        } finally {
            providers.stop(0);
        }
    }

    /** Records the request body and answers with JSON. */
    private static void answer(HttpExchange exchange, List<String> bodies, int status, String json) throws java.io.IOException {
        try (exchange) {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String awaitExecutionOf(String workflowId) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode items = editor.get("/api/v1/executions?workflowId=" + workflowId).json().get("items");
            if (items.size() > 0) {
                assertThat(items).hasSize(1);
                return items.get(0).get("id").asText();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the new lead started no execution of " + workflowId);
    }

    @Test
    @Order(8)
    void theWhatsAppTemplateTagsALeadByWhatItWrote() throws Exception {
        ApiResponse imported = editor.post("/api/v1/templates/" + WHATSAPP + "/import", "");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        String workflowId = imported.json().get("workflowId").asText();
        assertThat(editor.post("/api/v1/workflows/" + workflowId + "/activate", "").status()).isEqualTo(200);

        String buyer = inboundWhatsApp("4915112345678", "wamid.template-1", "What is the price for 10 seats?");
        String browser = inboundWhatsApp("4915187654321", "wamid.template-2", "Hello there");

        assertThat(texts(editor.get("/api/v1/leads/" + buyer).json().get("tags"))).contains("whatsapp", "qualified")
                .doesNotContain("nurture");
        assertThat(texts(editor.get("/api/v1/leads/" + browser).json().get("tags"))).contains("whatsapp", "nurture")
                .doesNotContain("qualified");
        assertThat(editor.post("/api/v1/workflows/" + workflowId + "/deactivate", "").status()).isEqualTo(200);
    }

    /** Posts a WhatsApp Cloud API text message as Meta signs it; the run it starts must succeed; returns the lead. */
    private static String inboundWhatsApp(String from, String messageId, String text) throws Exception {
        String body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":"
                + "[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550001111\","
                + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Lead\"},\"wa_id\":\"%s\"}],"
                + "\"messages\":[{\"from\":\"%s\",\"id\":\"%s\",\"timestamp\":\"%d\",\"type\":\"text\","
                + "\"text\":{\"body\":\"%s\"}}]},\"field\":\"messages\"}]}]}")
                .formatted(from, from, messageId, java.time.Instant.now().getEpochSecond(), text);
        String recentExecutions = "/api/v1/executions?limit=200";
        int before = editor.get(recentExecutions).json().get("items").size();
        java.net.http.HttpResponse<String> posted = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(admin.base().resolve("/hooks/channels/whatsapp/message"))
                        .header("Content-Type", "application/json")
                        .header(HubSignature.HEADER, HubSignature.of("app-secret-template-test",
                                body.getBytes(StandardCharsets.UTF_8)))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode items = editor.get(recentExecutions).json().get("items");
            if (items.size() > before) {
                JsonNode done = Executions.awaitStatus(editor, items.get(0).get("id").asText(), 30, "succeeded", "failed");
                assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
                return run(done, "whatsapp-message").get("output").get("main").get(0).get("leadId").asText();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the WhatsApp message from " + from + " started no run");
    }

    private static String submitMt5(String email, long login, String password) {
        ApiResponse accepted = kernel.anonymous().post("/hooks/forms/mt5-account", """
                {"name":"Trader","email":"%s","server":"FakeBroker-Demo","login":%d,"investorPassword":"%s"}"""
                .formatted(email, login, password));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String executionId = accepted.json().get("executionId").asText();
        JsonNode finished = Executions.awaitStatus(editor, executionId, 90, "succeeded", "failed");
        assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("succeeded");
        return executionId;
    }

    private static JsonNode leadByEmail(String email) {
        JsonNode items = editor.get("/api/v1/leads?q=" + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8))
                .json().get("items");
        assertThat(items).as(email).hasSize(1);
        return editor.get("/api/v1/leads/" + items.get(0).get("id").asText()).json();
    }

    private static String credential(String name, String type, String data) {
        ApiResponse created = admin.post("/api/v1/credentials", "{\"name\":\"" + name + "\",\"type\":\"" + type
                + "\",\"data\":" + data + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static void setCredential(ObjectNode document, String nodeId, String credentialId) {
        ((ObjectNode) nodeById(document, nodeId)).put("credential", credentialId);
    }

    private static JsonNode nodeById(JsonNode document, String nodeId) {
        for (JsonNode node : document.get("nodes")) {
            if (node.get("id").asText().equals(nodeId)) {
                return node;
            }
        }
        throw new AssertionError("no node " + nodeId + " in " + document);
    }

    private static JsonNode run(JsonNode execution, String nodeId) {
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals(nodeId)) {
                return run;
            }
        }
        throw new AssertionError("node " + nodeId + " did not run: " + execution);
    }

    private static boolean hasRun(JsonNode execution, String nodeId) {
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals(nodeId)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> needed(JsonNode list) {
        List<String> needed = new ArrayList<>();
        list.forEach(need -> needed.add(need.get("nodeId").asText() + ":" + need.get("nodeName").asText() + ":"
                + need.get("credentialType").asText()));
        return needed;
    }

    private static List<String> ids(JsonNode items) {
        return texts(items, "id");
    }

    private static List<String> texts(JsonNode items, String member) {
        List<String> texts = new ArrayList<>();
        items.forEach(item -> texts.add(item.get(member).asText()));
        return texts;
    }

    private static List<String> texts(JsonNode items) {
        List<String> texts = new ArrayList<>();
        items.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
