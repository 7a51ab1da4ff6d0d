package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.plugins.meta.HubSignature;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every channel provider sits behind the kernel's circuit breaker per endpoint and credential: a
 * storm of 5xx answers from a provider (Mailgun, Twilio, WhatsApp, Messenger, Instagram, VAPI) opens its circuit, and the next send fails fast without
 * calling it, while the other providers' circuits stay closed.
 */
class ChannelCircuitIT {
    private static final String SECRET = "storm-app-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A provider that answers every request with HTTP 500 and its own error body. */
    private record Storm(HttpServer server, AtomicInteger calls) implements AutoCloseable {
        static Storm start(String body) throws Exception {
            AtomicInteger calls = new AtomicInteger();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    calls.incrementAndGet();
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(500, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            });
            server.start();
            return new Storm(server, calls);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        String host() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private record Provider(String plugin, String channel, Storm storm, String leadId) {
    }

    @Test
    void aFiveHundredStormOpensTheCircuitOfEachProvider() throws Exception {
        String meta = "{\"error\":{\"message\":\"An unknown error has occurred.\",\"type\":\"OAuthException\",\"code\":1,"
                + "\"fbtrace_id\":\"AbCd\"}}";
        try (Storm twilio = Storm.start("{\"code\":20500,\"message\":\"Internal Server Error\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/20500\",\"status\":500}");
             Storm whatsapp = Storm.start(meta); Storm messenger = Storm.start(meta); Storm instagram = Storm.start(meta);
             Storm vapi = Storm.start("{\"message\":\"Internal server error\",\"statusCode\":500}");
             Storm mailgun = Storm.start("{\"message\":\"Internal Server Error\"}");
             TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            for (String plugin : new String[] {"core-nodes", "mailgun", "twilio", "whatsapp", "messenger", "instagram", "vapi"}) {
                ChannelRuns.install(admin, plugin);
            }
            credential(admin, "twilio.account", "\"accountSid\":\"AC0123456789abcdef0123456789abcdef\",\"authToken\":\"t\","
                    + "\"from\":\"+15017122661\",\"baseUrl\":\"" + twilio.baseUrl() + "\"");
            credential(admin, "whatsapp.cloud", "\"phoneNumberId\":\"106540352242922\",\"accessToken\":\"t\","
                    + "\"appSecret\":\"" + SECRET + "\",\"verifyToken\":\"v\",\"baseUrl\":\"" + whatsapp.baseUrl() + "\"");
            credential(admin, "messenger.page", "\"pageId\":\"104523456789012\",\"pageAccessToken\":\"t\",\"appSecret\":\""
                    + SECRET + "\",\"verifyToken\":\"v\",\"baseUrl\":\"" + messenger.baseUrl() + "\"");
            credential(admin, "instagram.account", "\"login\":\"instagram-login\",\"accountId\":\"17841400000000001\","
                    + "\"accessToken\":\"t\",\"appSecret\":\"" + SECRET + "\",\"verifyToken\":\"v\",\"baseUrl\":\""
                    + instagram.baseUrl() + "\"");
            credential(admin, "vapi.account", "\"apiKey\":\"k\",\"phoneNumberId\":\"pn-1\",\"assistantId\":\"as-1\","
                    + "\"serverSecret\":\"s\",\"baseUrl\":\"" + vapi.baseUrl() + "\"");
            credential(admin, "mailgun.api-key", "\"apiKey\":\"key-storm\",\"domain\":\"mg.example.com\","
                    + "\"webhookSigningKey\":\"w\",\"defaultFrom\":\"Sales <sales@mg.example.com>\",\"baseUrl\":\""
                    + mailgun.baseUrl() + "\"");
            String phoneLead = admin.post("/api/v1/leads", "{\"firstName\":\"Storm\",\"phones\":[\"+1 650 555 0100\"],"
                    + "\"emails\":[\"storm@example.org\"],"
                    + "\"consent\":{\"sms\":{\"state\":\"opted_in\",\"source\":\"form\"},"
                    + "\"whatsapp\":{\"state\":\"opted_in\",\"source\":\"form\"},"
                    + "\"voice\":{\"state\":\"opted_in\",\"source\":\"form\"}}}").json().get("id").asText();
            // a WhatsApp message from the lead opens its window; Messenger and Instagram leads start with a DM
            assertThat(hook(admin, "whatsapp", """
                    {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{\
                    "metadata":{"display_phone_number":"15550001111","phone_number_id":"106540352242922"},\
                    "messages":[{"from":"16505550100","id":"wamid.S1","timestamp":"%d","type":"text","text":{"body":"hi"}}]}}]}]}"""
                    .formatted(Instant.now().getEpochSecond())).json().get("leadId").asText()).isEqualTo(phoneLead);
            String messengerLead = hook(admin, "messenger", dm("page", "104523456789012", "PSID-S")).json()
                    .get("leadId").asText();
            String instagramLead = hook(admin, "instagram", dm("instagram", "17841400000000001", "IGSID-S")).json()
                    .get("leadId").asText();

            List<Provider> providers = List.of(new Provider("mailgun", "mailgun.email", mailgun, phoneLead),
                    new Provider("twilio", "twilio.sms", twilio, phoneLead),
                    new Provider("whatsapp", "whatsapp.message", whatsapp, phoneLead),
                    new Provider("messenger", "messenger.message", messenger, messengerLead),
                    new Provider("instagram", "instagram.message", instagram, instagramLead),
                    new Provider("vapi", "vapi.call", vapi, phoneLead));
            List<String> opened = new ArrayList<>();
            for (Provider provider : providers) {
                for (int i = 0; i < 5; i++) {
                    JsonNode failed = ChannelRuns.send(admin, provider.leadId(), provider.channel(), "Hello", null);
                    assertThat(failed.get("status").asText()).isEqualTo("failed");
                }
                assertThat(provider.storm().calls().get()).as(provider.plugin()).isEqualTo(5);
                JsonNode circuit = circuitOf(admin, provider.storm().host());
                assertThat(circuit.get("state").asText()).as(provider.plugin()).isEqualTo("open");
                opened.add(provider.storm().host());

                JsonNode fast = ChannelRuns.send(admin, provider.leadId(), provider.channel(), "Hello", null);
                assertThat(ChannelRuns.errorOf(fast, "send")).as(provider.plugin()).contains("circuit breaker", "open");
                assertThat(provider.storm().calls().get()).as(provider.plugin() + ": failing fast").isEqualTo(5);
            }
            assertThat(opened).doesNotHaveDuplicates().hasSize(6);
        }
    }

    private static void credential(ApiClient admin, String type, String fields) {
        ApiResponse created = admin.post("/api/v1/credentials", "{\"name\":\"" + type + "\",\"type\":\"" + type
                + "\",\"data\":{" + fields + "}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static String dm(String object, String account, String sender) {
        long now = Instant.now().toEpochMilli();
        return """
                {"object":"%s","entry":[{"id":"%s","time":%d,"messaging":[{"sender":{"id":"%s"},"recipient":{"id":"%s"},\
                "timestamp":%d,"message":{"mid":"mid-%s","text":"hello"}}]}]}""".formatted(object, account, now, sender,
                account, now, sender);
    }

    private static ApiResponse hook(ApiClient admin, String plugin, String body) throws Exception {
        URI uri = admin.base().resolve("/hooks/channels/" + plugin + "/message");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header(HubSignature.HEADER, HubSignature.of(SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ApiResponse(response.statusCode(), response.headers(), response.body());
    }

    private static JsonNode circuitOf(ApiClient admin, String host) {
        for (JsonNode circuit : admin.get("/api/v1/circuits").json().get("items")) {
            if (circuit.get("host").asText().equals(host)) {
                return circuit;
            }
        }
        throw new AssertionError("no circuit for " + host + " in " + admin.get("/api/v1/circuits").body());
    }
}
