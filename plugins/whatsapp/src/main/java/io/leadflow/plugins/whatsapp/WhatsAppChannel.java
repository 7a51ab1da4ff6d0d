package io.leadflow.plugins.whatsapp;

import io.leadflow.api.channel.ChannelDescriptor;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.MessageTemplate;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.plugins.meta.GraphClient;
import io.leadflow.plugins.meta.Json;
import io.leadflow.plugins.meta.MetaChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * WhatsApp through the Cloud API as a LeadFlow channel. Sends free text (the kernel has checked the
 * 24-hour customer-service window) and approved templates ({@link SendOptions#template()}) to
 * {@code /{phone-number-id}/messages}; reads Meta's webhook: the subscription check ({@code GET}),
 * and signed posts whose {@code entry[].changes[].value} carries {@code messages[]} (from leads) and
 * {@code statuses[]} (sent, delivered, read, failed with {@code errors[]}) for this number.
 */
@Extension
public final class WhatsAppChannel extends MetaChannel<WhatsAppAccount> {

    /** The channel id; its inbound route is {@code /hooks/channels/whatsapp/message}. */
    public static final String CHANNEL_ID = "whatsapp.message";

    private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(CHANNEL_ID, Medium.WHATSAPP,
            "WhatsApp (Cloud API)", WhatsAppCredentialType.TYPE_ID);
    private static final String PRODUCT = "WhatsApp";
    private static final int MAX_TEXT = 4096;

    /** Creates the channel; PF4J calls this. */
    public WhatsAppChannel() {
        this(Clock.systemUTC());
    }

    WhatsAppChannel(Clock clock) {
        super(DESCRIPTOR, PRODUCT, clock);
    }

    @Override
    protected WhatsAppAccount account(Credential credential) {
        return WhatsAppAccount.from(credential);
    }

    /** Sends free text, or the template of {@code options}; a message tag or variables are refused. */
    @Override
    protected CompletionStage<SendReceipt> deliver(WhatsAppAccount account, OutboundMessage message, SendOptions options,
                                                   HttpClient http) {
        if (options.tag().isPresent() || !options.variables().isEmpty()) {
            throw new ChannelException("WhatsApp takes templates, not message tags or variables", false,
                    "unsupported_option");
        }
        Map<String, Object> body = options.template().map(template -> templateBody(message.to(), template))
                .orElseGet(() -> textBody(message.to(), message.text()));
        return new GraphClient(http, PRODUCT).post(account.messagesUri(), account.accessToken(), body)
                .thenApply(answer -> {
                    List<Map<String, Object>> messages = Json.objects(answer, "messages");
                    String id = messages.isEmpty() ? null : Json.text(messages.get(0), "id");
                    if (id == null || id.isBlank()) {
                        // WhatsApp took the message; a retry could send it twice
                        throw new ChannelException("WhatsApp accepted the message but returned no message id", false,
                                "unexpected_response");
                    }
                    String status = Json.text(messages.get(0), "message_status");
                    return new SendReceipt(id, status == null ? "accepted" : status);
                });
    }

    @Override
    protected WebhookContent read(WhatsAppAccount account, Map<String, Object> body, Instant now) {
        return WhatsAppWebhook.read(body, account.phoneNumberId(), now);
    }

    private static Map<String, Object> textBody(String to, String text) {
        if (text == null || text.isBlank()) {
            throw new ChannelException("a WhatsApp text message needs a body", false, "bad_request");
        }
        if (text.length() > MAX_TEXT) {
            throw new ChannelException("a WhatsApp text message is at most " + MAX_TEXT + " characters, this one has "
                    + text.length(), false, "bad_request");
        }
        Map<String, Object> body = envelope(to, "text");
        body.put("text", Map.of("preview_url", false, "body", text));
        return body;
    }

    private static Map<String, Object> templateBody(String to, MessageTemplate template) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", template.name());
        content.put("language", Map.of("code", template.language()));
        if (!template.components().isEmpty()) {
            content.put("components", template.components());
        }
        Map<String, Object> body = envelope(to, "template");
        body.put("template", content);
        return body;
    }

    private static Map<String, Object> envelope(String to, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        // the lead's number is E.164; WhatsApp ids are the same digits without the plus
        body.put("to", to.startsWith("+") ? to.substring(1) : to);
        body.put("type", type);
        return body;
    }
}
