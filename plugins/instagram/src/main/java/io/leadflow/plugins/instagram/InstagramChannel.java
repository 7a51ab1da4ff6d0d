package io.leadflow.plugins.instagram;

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
 * Instagram direct messages as a LeadFlow channel. Answers a lead's conversation (an IGSID) through
 * the endpoint its credential selects, inside the 24-hour window of the lead's last message (the
 * kernel checks it; the {@code HUMAN_AGENT} {@link SendOptions#tag() tag} reaches further), and reads
 * the account's webhook ({@code object: "instagram"}): the subscription check, messages from leads
 * (echoes ignored) and read receipts.
 */
@Extension
public final class InstagramChannel implements Channel, ChannelWebhooks, SendWithOptions {

    /** The channel id; its inbound route is {@code /hooks/channels/instagram/message}. */
    public static final String CHANNEL_ID = "instagram.message";

    private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(CHANNEL_ID, Medium.INSTAGRAM,
            "Instagram direct messages", InstagramCredentialType.TYPE_ID);
    private static final String PRODUCT = "Instagram";

    private final Clock clock;

    /** Creates the channel; PF4J calls this. */
    public InstagramChannel() {
        this(Clock.systemUTC());
    }

    InstagramChannel(Clock clock) {
        this.clock = clock;
    }

    /** @return {@code messenger.message}, an Instagram channel using {@code instagram.account} */
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
        if (message.medium() != Medium.INSTAGRAM) {
            return CompletableFuture.failedFuture(new ChannelException(
                    "the Instagram channel sends Instagram messages, not " + message.medium(), false, "bad_request"));
        }
        InstagramAccount account;
        try {
            account = InstagramAccount.from(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ChannelException(e.getMessage(), false, "invalid_credential"));
        }
        return SendApi.send(context.http(), PRODUCT, account.messagesUri(), account.accessToken(), message, options);
    }

    /** Reads a verified post; read receipts yield nothing here (see {@link #handle}). */
    @Override
    public CompletionStage<Optional<InboundMessage>> receive(WebhookRequest request, ChannelContext context) {
        return handle(request, context).thenApply(content -> content.messages().stream().findFirst());
    }

    /** The subscription check, or a post verified by {@code X-Hub-Signature-256} and read for this account. */
    @Override
    public CompletionStage<WebhookContent> handle(WebhookRequest request, ChannelContext context) {
        InstagramAccount account;
        try {
            account = InstagramAccount.from(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new SecurityException("cannot verify Meta's request: " + e.getMessage()));
        }
        return MetaWebhook.handle(request, PRODUCT, account.appSecret(), account.verifyToken(), body ->
                MessagingWebhook.read(body, "instagram", Medium.INSTAGRAM, CHANNEL_ID, account.pageToken() ? null : account.accountId(),
                        clock.instant()));
    }
}
