package io.leadflow.plugins.messenger;

import io.leadflow.api.channel.Channel;
import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelDescriptor;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.ChannelWebhooks;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.channel.SendWithOptions;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.plugins.meta.MessagingWebhook;
import io.leadflow.plugins.meta.MetaWebhook;
import io.leadflow.plugins.meta.SendApi;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
public final class MessengerChannel implements Channel, ChannelWebhooks, SendWithOptions {

    /** The channel id; its inbound route is {@code /hooks/channels/messenger/message}. */
    public static final String CHANNEL_ID = "messenger.message";

    private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(CHANNEL_ID, Medium.MESSENGER,
            "Messenger (Facebook Page)", MessengerCredentialType.TYPE_ID);
    private static final String PRODUCT = "Messenger";

    private final Clock clock;

    /** Creates the channel; PF4J calls this. */
    public MessengerChannel() {
        this(Clock.systemUTC());
    }

    MessengerChannel(Clock clock) {
        this.clock = clock;
    }

    /** @return {@code messenger.message}, a Messenger channel using {@code messenger.page} */
    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Sends the text as a response in the lead's conversation. */
    @Override
    public CompletionStage<SendReceipt> send(OutboundMessage message, ChannelContext context) {
        return send(message, SendOptions.none(), context);
    }

    /** Sends the text, tagged when {@code options} carry a tag. */
    @Override
    public CompletionStage<SendReceipt> send(OutboundMessage message, SendOptions options, ChannelContext context) {
        if (message.medium() != Medium.MESSENGER) {
            return CompletableFuture.failedFuture(new ChannelException(
                    "the Messenger channel sends Messenger messages, not " + message.medium(), false, "bad_request"));
        }
        MessengerPage page;
        try {
            page = MessengerPage.from(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ChannelException(e.getMessage(), false, "invalid_credential"));
        }
        return SendApi.send(context.http(), PRODUCT, page.messagesUri(), page.accessToken(), message, options);
    }

    /** Reads a verified post; delivery receipts yield nothing here (see {@link #handle}). */
    @Override
    public CompletionStage<Optional<InboundMessage>> receive(WebhookRequest request, ChannelContext context) {
        return handle(request, context).thenApply(content -> content.messages().stream().findFirst());
    }

    /** The subscription check, or a post verified by {@code X-Hub-Signature-256} and read for this page. */
    @Override
    public CompletionStage<WebhookContent> handle(WebhookRequest request, ChannelContext context) {
        MessengerPage page;
        try {
            page = MessengerPage.from(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new SecurityException("cannot verify Meta's request: " + e.getMessage()));
        }
        return MetaWebhook.handle(request, PRODUCT, page.appSecret(), page.verifyToken(), body ->
                MessagingWebhook.read(body, "page", Medium.MESSENGER, CHANNEL_ID, page.pageId(), clock.instant()));
    }
}
