package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The real Twilio plugin on a running kernel against a local Twilio that speaks its Messages API:
 * signed inbound START and STOP change the lead's SMS consent, a send goes out as Twilio's form
 * with basic auth, a send after STOP fails before any provider call, Twilio's 21610 (the recipient
 * unsubscribed elsewhere) fails the send permanently and opts the lead out, a redelivered inbound
 * message is recognised, and a forged signature is refused.
 */
class TwilioSmsIT {
    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    private static final String NUMBER = "+15017122661";

    @Test
    void smsThroughTwilioKeepsConsentAndStopsAtAnUnsubscribe() throws Exception {
        List<Map<String, String>> sent = new CopyOnWriteArrayList<>();
        Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
        HttpServer twilio = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        twilio.createContext("/2010-04-01/Accounts/" + SID + "/Messages.json", exchange -> {
            try (exchange) {
                Map<String, String> form = decode(new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8));
                String auth = "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
                String answer;
                int status;
                if (!auth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    status = 401;
                    answer = "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                            + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}";
                } else if (unsubscribed.contains(form.get("To"))) {
                    status = 400;
                    answer = "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\",\"more_info\":"
                            + "\"https://www.twilio.com/docs/errors/21610\",\"status\":400}";
                } else {
                    sent.add(form);
                    status = 201;
                    answer = "{\"sid\":\"SM" + "%032d".formatted(sent.size()) + "\",\"status\":\"queued\",\"to\":\""
                            + form.get("To") + "\"}";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        twilio.start();
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            install(admin, "core-nodes");
            install(admin, "twilio");
            String webhookUrl = admin.base().resolve("/hooks/channels/twilio/sms").toString();
            ApiResponse credential = admin.post("/api/v1/credentials", "{\"name\":\"Twilio\",\"type\":\"twilio.account\","
                    + "\"data\":{\"accountSid\":\"" + SID + "\",\"authToken\":\"" + TOKEN + "\",\"from\":\"" + NUMBER
                    + "\",\"webhookUrl\":\"" + webhookUrl + "\",\"baseUrl\":\"http://127.0.0.1:"
                    + twilio.getAddress().getPort() + "\"}}");
            assertThat(credential.status()).as(credential.body()).isEqualTo(201);
            String eve = admin.post("/api/v1/leads", "{\"firstName\":\"Eve\",\"phones\":[\"+1 415 555 0199\"]}")
                    .json().get("id").asText();

            ApiResponse start = inbound(admin, webhookUrl, "+14155550199", "START", "SM00000000000000000000000000000a01",
                    TOKEN);
            assertThat(start.status()).as(start.body()).isEqualTo(200);
            assertThat(start.json().get("leadId").asText()).isEqualTo(eve);
            assertThat(consent(admin, eve).get("state").asText()).isEqualTo("opted_in");
            ApiResponse again = inbound(admin, webhookUrl, "+14155550199", "START", "SM00000000000000000000000000000a01",
                    TOKEN);
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().get("duplicate").asBoolean()).isTrue();

            JsonNode delivered = runSend(admin, eve);
            assertThat(delivered.get("status").asText()).as(delivered.toString()).isEqualTo("succeeded");
            assertThat(sent).singleElement().satisfies(form -> {
                assertThat(form).containsEntry("To", "+14155550199").containsEntry("From", NUMBER)
                        .containsEntry("Body", "Hello").containsEntry("StatusCallback", webhookUrl);
            });

            // Twilio's delivery callbacks, out of order: a late "sent" does not undo "delivered"
            String sentSid = "SM" + "%032d".formatted(1);
            assertThat(callback(admin, webhookUrl, sentSid, "delivered", null).status()).isEqualTo(204);
            assertThat(callback(admin, webhookUrl, sentSid, "sent", null).status()).isEqualTo(204);
            JsonNode outbound = admin.get("/api/v1/leads/" + eve + "/messages").json().get("items").get(0);
            assertThat(outbound.get("providerMessageId").asText()).isEqualTo(sentSid);
            assertThat(outbound.get("status").asText()).isEqualTo("sent");
            assertThat(outbound.get("delivery").get("status").asText()).isEqualTo("delivered");
            assertThat(callback(admin, webhookUrl, sentSid, "failed", "forged").status()).isEqualTo(401);

            assertThat(inbound(admin, webhookUrl, "+14155550199", "STOP", "SM00000000000000000000000000000a02", TOKEN)
                    .status()).isEqualTo(200);
            JsonNode stopped = runSend(admin, eve);
            assertThat(error(stopped)).startsWith("lead " + eve + " opted out of sms (");
            assertThat(sent).hasSize(1);

            // opted in here, unsubscribed at Twilio (a STOP to another number of the account)
            String bob = admin.post("/api/v1/leads", "{\"firstName\":\"Bob\",\"phones\":[\"+1 415 555 0142\"]}")
                    .json().get("id").asText();
            assertThat(inbound(admin, webhookUrl, "+14155550142", "START", "SM00000000000000000000000000000b01", TOKEN)
                    .status()).isEqualTo(200);
            unsubscribed.add("+14155550142");
            JsonNode refused = runSend(admin, bob);
            assertThat(refused.get("status").asText()).isEqualTo("failed");
            assertThat(error(refused)).contains("unsubscribed", "21610");
            JsonNode bobsConsent = consent(admin, bob);
            assertThat(bobsConsent.get("state").asText()).isEqualTo("opted_out");
            assertThat(bobsConsent.get("source").asText()).isEqualTo("provider:twilio.sms");
            assertThat(error(runSend(admin, bob))).startsWith("lead " + bob + " opted out of sms (");

            ApiResponse forged = inbound(admin, webhookUrl, "+14155550199", "START",
                    "SM00000000000000000000000000000a03", "not-the-token");
            assertThat(forged.status()).isEqualTo(401);
            assertThat(consent(admin, eve).get("state").asText()).isEqualTo("opted_out");
            assertThat(sent).hasSize(1);
        } finally {
            twilio.stop(0);
        }
    }

    private static void install(ApiClient admin, String name) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            Path jar = files.filter(path -> path.getFileName().toString().contains(name)).findFirst().orElseThrow();
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    Files.readAllBytes(jar));
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        }
    }

    private static JsonNode consent(ApiClient admin, String leadId) {
        return admin.get("/api/v1/leads/" + leadId).json().get("consent").get("sms");
    }

    private static JsonNode runSend(ApiClient admin, String leadId) {
        ApiResponse created = admin.post("/api/v1/workflows", """
                {"name":"Text","nodes":[
                  {"id":"m","name":"Manual","type":"core.manual"},
                  {"id":"send","name":"Send","type":"core.send-message","config":{"channel":"twilio.sms","text":"Hello"}}],
                 "edges":[{"from":{"node":"m","port":"main"},"to":{"node":"send","port":"main"}}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String executionId = admin.post("/api/v1/workflows/" + created.json().get("workflow").get("id").asText()
                + "/executions", "{\"payload\":{\"leadId\":\"" + leadId + "\"}}").json().get("executionId").asText();
        return Executions.awaitStatus(admin, executionId, 30, "succeeded", "failed");
    }

    private static String error(JsonNode execution) {
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals("send")) {
                return run.path("error").asText();
            }
        }
        throw new AssertionError("no run of the send node in " + execution);
    }

    /** Posts an inbound SMS the way Twilio does: a form signed with X-Twilio-Signature under {@code token}. */
    private static ApiResponse inbound(ApiClient client, String url, String from, String text, String sid, String token)
            throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("SmsMessageSid", sid);
        form.put("AccountSid", SID);
        form.put("From", from);
        form.put("To", NUMBER);
        form.put("Body", text);
        form.put("NumMedia", "0");
        return post(url, form, token);
    }

    private static ApiResponse post(String url, Map<String, String> form, String token) throws Exception {
        StringBuilder signed = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", signature)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new ApiResponse(response.statusCode(), response.headers(), response.body());
    }

    /** A signed status callback, as Twilio posts it to the message's StatusCallback; {@code forged} signs wrongly. */
    private static ApiResponse callback(ApiClient client, String url, String sid, String status, String forged)
            throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("MessageStatus", status);
        form.put("AccountSid", SID);
        form.put("From", NUMBER);
        form.put("To", "+14155550199");
        return post(url, form, forged == null ? TOKEN : forged);
    }

    private static Map<String, String> decode(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }
}
