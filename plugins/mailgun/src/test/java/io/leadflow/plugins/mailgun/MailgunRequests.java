package io.leadflow.plugins.mailgun;

import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.testkit.TestCredential;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds what Mailgun sends to LeadFlow, signed like Mailgun signs it, and credentials for the fake. */
final class MailgunRequests {
    static final String SIGNING_KEY = "whsec-test-signing-key";
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private MailgunRequests() {
    }

    static TestCredential credential(String baseUrl) {
        return credential(baseUrl, FakeMailgun.API_KEY, FakeMailgun.DOMAIN);
    }

    static TestCredential credential(String baseUrl, String apiKey, String domain) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("apiKey", apiKey);
        fields.put("domain", domain);
        fields.put("baseUrl", baseUrl);
        fields.put("webhookSigningKey", SIGNING_KEY);
        fields.put("defaultFrom", "Sales <sales@" + FakeMailgun.DOMAIN + ">");
        return TestCredential.of(MailgunCredentialType.TYPE_ID, fields);
    }

    static String sign(String key, String timestamp, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String newToken() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 50);
    }

    /** A JSON event webhook for {@code event}, signed at {@code signedAt} with {@code key}. */
    static WebhookRequest event(String event, Instant signedAt, String key, String token) {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        String json = """
                {
                  "signature": {
                    "timestamp": "%s",
                    "token": "%s",
                    "signature": "%s"
                  },
                  "event-data": {
                    "event": "%s",
                    "id": "CCXMjJ7nQi2N3BPigGOdgQ",
                    "timestamp": %s.372891,
                    "recipient": "alice@example.com",
                    "message": {
                      "headers": {
                        "from": "Sales <sales@mg.example.com>",
                        "message-id": "20260302095900.1.ABC@mg.example.com",
                        "subject": "Your quote",
                        "to": "alice@example.com"
                      },
                      "size": 341
                    },
                    "tags": ["quote"],
                    "user-variables": {"leadId": "lead-42"}
                  }
                }
                """.formatted(timestamp, token, sign(key, timestamp, token), event, timestamp);
        return request("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static WebhookRequest event(String event) {
        return event(event, NOW, SIGNING_KEY, newToken());
    }

    /** The fields of an inbound route post (a reply from Alice), signed at {@code signedAt}. */
    static Map<String, String> inboundFields(Instant signedAt, String key, String token) {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("recipient", "sales@mg.example.com");
        fields.put("sender", "bounce+alice@example.com");
        fields.put("from", "Alice Example <alice@example.com>");
        fields.put("subject", "Re: Your quote");
        fields.put("body-plain", "Yes, let's talk. Grüße\n\n> On Monday Sales wrote:\n> Your quote");
        fields.put("stripped-text", "Yes, let's talk. Grüße");
        fields.put("Message-Id", "<CAF=alice-reply@mail.example.com>");
        fields.put("In-Reply-To", "<20260302095900.1.ABC@mg.example.com>");
        fields.put("timestamp", timestamp);
        fields.put("token", token);
        fields.put("signature", sign(key, timestamp, token));
        return fields;
    }

    static WebhookRequest inbound(Instant signedAt, String key, String token) {
        return form(inboundFields(signedAt, key, token));
    }

    static WebhookRequest inbound() {
        return inbound(NOW, SIGNING_KEY, newToken());
    }

    static WebhookRequest form(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return request("application/x-www-form-urlencoded", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The same fields as {@code multipart/form-data}, plus one attachment, as Mailgun posts mail with files. */
    static WebhookRequest multipart(Map<String, String> fields) {
        String boundary = "----MailgunBoundary7MA4YWxkTrZu0gW";
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"attachment-1\"; filename=\"quote.pdf\"\r\n")
                .append("Content-Type: application/pdf\r\n\r\n")
                .append("%PDF-1.4 binary\r\n")
                .append("--").append(boundary).append("--\r\n");
        return request("multipart/form-data; boundary=" + boundary, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static WebhookRequest request(String contentType, byte[] body) {
        return new WebhookRequest("POST", "mailgun/wf-1/node-1", Map.of(),
                Map.of("Content-Type", List.of(contentType)), body, "127.0.0.1", NOW);
    }
}
