package io.leadflow.plugins.messenger;

import io.leadflow.api.channel.ChannelDescriptor;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.plugins.meta.MessagingWebhook;
import io.leadflow.plugins.meta.MetaChannel;
import io.leadflow.plugins.meta.SendApi;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * Messenger through a Facebook Page as a LeadFlow channel. Answers a lead's conversation with the
 * Send API ({@code RESPONSE} inside the 24-hour window, which the kernel checks; a
 * {@link SendOptions#tag() message tag} after it), and reads the page's webhook
 * ({@code object: "page"}): the subscription check, messages from leads (the page's own echoes
 * ignored) and delivery receipts.
 */
@Extension
public final class MessengerChannel extends MetaChannel<MessengerPage> {

    /** The channel id; its inbound route is {@code /hooks/channels/messenger/message}. */
    public static final String CHANNEL_ID = "messenger.message";

    private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(CHANNEL_ID, Medium.MESSENGER,
            "Messenger (Facebook Page)", MessengerCredentialType.TYPE_ID);

    /** Creates the channel; PF4J calls this. */
    public MessengerChannel() {
        this(Clock.systemUTC());
    }

    MessengerChannel(Clock clock) {
        super(DESCRIPTOR, "Messenger", clock);
    }

    @Override
    protected MessengerPage account(Credential credential) {
        return MessengerPage.from(credential);
    }

    @Override
    protected CompletionStage<SendReceipt> deliver(MessengerPage page, OutboundMessage message, SendOptions options,
                                                   HttpClient http) {
        return SendApi.send(http, "Messenger", page.messagesUri(), page.accessToken(), message, options);
    }

    @Override
    protected WebhookContent read(MessengerPage page, Map<String, Object> body, Instant now) {
        return MessagingWebhook.read(body, "page", Medium.MESSENGER, CHANNEL_ID, page.pageId(), now);
    }
}
