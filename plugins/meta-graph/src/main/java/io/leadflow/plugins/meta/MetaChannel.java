package io.leadflow.plugins.meta;

import io.leadflow.api.channel.Channel;
import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelDescriptor;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.ChannelWebhooks;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.channel.SendWithOptions;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.trigger.WebhookRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the WhatsApp, Messenger and Instagram channels share: a credential read and checked once
 * per call, sends with or without {@link SendOptions}, and webhooks through {@link MetaWebhook}
 * (subscription check, then the signature over the raw bytes). A subclass says how its credential
 * reads, how it delivers and how it reads a verified body.
 *
 * @param <A> the plugin's credential, read
 */
public abstract class MetaChannel<A extends MetaAccount> implements Channel, ChannelWebhooks, SendWithOptions {
    private final ChannelDescriptor descriptor;
    private final String product;
    private final Clock clock;

    /**
     * Creates the channel.
     *
     * @param descriptor its id, medium and credential type
     * @param product the product, for messages (e.g. {@code Messenger})
     * @param clock the clock webhooks are stamped with
     */
    protected MetaChannel(ChannelDescriptor descriptor, String product, Clock clock) {
        this.descriptor = descriptor;
        this.product = product;
        this.clock = clock;
    }

    /**
     * Reads the channel's credential.
     *
     * @param credential the decrypted credential
     * @return it, checked
     * @throws IllegalArgumentException naming the field that is missing or wrong (never a secret)
     */
    protected abstract A account(Credential credential);

    /**
     * Sends one message to the provider.
     *
     * @param account the credential, checked
     * @param message the message, of this channel's medium
     * @param options its options, possibly none
     * @param http the kernel's HTTP client
     * @return the receipt; fails with a {@link ChannelException}
     */
    protected abstract CompletionStage<SendReceipt> deliver(A account, OutboundMessage message, SendOptions options,
                                                            HttpClient http);

    /**
     * Reads a verified webhook body.
     *
     * @param account the credential, checked
     * @param body the parsed body
     * @param now the receive time
     * @return what it carried for this credential's account
     */
    protected abstract WebhookContent read(A account, Map<String, Object> body, Instant now);

    /** @return the channel's id, medium and credential type */
    @Override
    public final ChannelDescriptor descriptor() {
        return descriptor;
    }

    /** Sends the message without options. */
    @Override
    public final CompletionStage<SendReceipt> send(OutboundMessage message, ChannelContext context) {
        return send(message, SendOptions.none(), context);
    }

    /** Sends the message with its options, after checking the medium and the credential. */
    @Override
    public final CompletionStage<SendReceipt> send(OutboundMessage message, SendOptions options, ChannelContext context) {
        if (message.medium() != descriptor.medium()) {
            return CompletableFuture.failedFuture(new ChannelException("the " + product + " channel sends "
                    + descriptor.medium() + " messages, not " + message.medium(), false, "bad_request"));
        }
        A account;
        try {
            account = account(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ChannelException(e.getMessage(), false, "invalid_credential"));
        }
        try {
            return deliver(account, message, options, context.http());
        } catch (ChannelException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Reads a verified post; delivery reports yield nothing here (see {@link #handle}). */
    @Override
    public final CompletionStage<Optional<InboundMessage>> receive(WebhookRequest request, ChannelContext context) {
        return handle(request, context).thenApply(content -> content.messages().stream().findFirst());
    }

    /**
     * Answers the subscription check ({@code GET}); verifies {@code X-Hub-Signature-256} over the
     * raw body of a post, then reads it. The stage fails with a {@link SecurityException} for an
     * unverified post.
     */
    @Override
    public final CompletionStage<WebhookContent> handle(WebhookRequest request, ChannelContext context) {
        A account;
        try {
            account = account(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new SecurityException("cannot verify Meta's request: " + e.getMessage()));
        }
        return MetaWebhook.handle(request, product, account.appSecret(), account.verifyToken(),
                body -> read(account, body, clock.instant()));
    }
}
