package io.leadflow.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.DeliveryReport;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.WebhookContent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessagingWebhookTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static WebhookContent read(String json, String object) {
        return MessagingWebhook.read(Json.objectOrEmpty(json.getBytes(StandardCharsets.UTF_8)), object, Medium.MESSENGER,
                "messenger.message", "PAGE", NOW);
    }

    @Test
    void readsMessagesIgnoresEchoesAndTurnsDeliveriesIntoReports() {
        WebhookContent content = read("""
                {"object":"page","entry":[{"id":"PAGE","time":1765015200000,"messaging":[
                  {"sender":{"id":"PSID-1"},"recipient":{"id":"PAGE"},"timestamp":1765015200000,
                   "message":{"mid":"m_1","text":"Is it still available?","reply_to":{"mid":"m_0"}}},
                  {"sender":{"id":"PAGE"},"recipient":{"id":"PSID-1"},"timestamp":1765015201000,
                   "message":{"mid":"m_2","text":"Yes!","is_echo":true}},
                  {"sender":{"id":"PSID-1"},"recipient":{"id":"PAGE"},"timestamp":1765015202000,
                   "delivery":{"mids":["m_2","m_3"],"watermark":1765015201000}}]}]}""", "page");
        assertThat(content.messages()).singleElement().satisfies(message -> {
            assertThat(message.from()).isEqualTo("PSID-1");
            assertThat(message.to()).isEqualTo("PAGE");
            assertThat(message.text()).isEqualTo("Is it still available?");
            assertThat(message.providerMessageId()).isEqualTo("m_1");
            assertThat(message.inReplyTo()).isEqualTo("m_0");
            assertThat(message.receivedAt()).isEqualTo(Instant.ofEpochMilli(1765015200000L));
        });
        assertThat(content.reports()).extracting(DeliveryReport::providerMessageId, DeliveryReport::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m_2", "delivered"),
                        org.assertj.core.groups.Tuple.tuple("m_3", "delivered"));
    }

    @Test
    void anotherObjectCarriesNothing() {
        WebhookContent content = read("""
                {"object":"instagram","entry":[{"id":"IG","messaging":[{"sender":{"id":"IGSID"},"recipient":{"id":"IG"},
                 "timestamp":1,"message":{"mid":"m_1","text":"hi"}}]}]}""", "page");
        assertThat(content.messages()).extracting(InboundMessage::text).isEmpty();
        assertThat(content.reports()).isEmpty();
    }

    @Test
    void entriesOfAnotherPageAreLeftOut() {
        WebhookContent content = read("""
                {"object":"page","entry":[{"id":"OTHER-PAGE","messaging":[{"sender":{"id":"PSID"},"recipient":{"id":"OTHER-PAGE"},
                 "timestamp":1,"message":{"mid":"m_1","text":"hi"}}]}]}""", "page");
        assertThat(content.messages()).isEmpty();
    }
}
