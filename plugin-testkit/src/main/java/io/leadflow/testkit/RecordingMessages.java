package io.leadflow.testkit;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.node.Messages;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lead messaging in memory: records every send and answers with a receipt, or refuses sends with
 * a given {@link ChannelException} (e.g. to test how a node reports an opted-out lead). It does
 * not check consent itself; that is the kernel's job.
 */
public final class RecordingMessages implements Messages {

    /**
     * One recorded send.
     *
     * @param leadId the lead
     * @param channel the channel id or medium
     * @param subject the subject
     * @param text the text
     * @param html the HTML
     * @param idempotencyKey the idempotency key
     * @param options the send's options (a template, a message tag, variables), {@link SendOptions#none()} if none
     */
    public record Sent(String leadId, String channel, String subject, String text, String html,
                       String idempotencyKey, SendOptions options) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile ChannelException refusal;

    /** Creates messaging that accepts every send. */
    public RecordingMessages() {
        // accepts until refuseWith is called
    }

    /**
     * Makes every later send fail with {@code failure} (nothing is recorded).
     *
     * @param failure the failure, e.g. {@code new ChannelException("lead x opted out of sms", false, "opted_out")}
     * @return this
     */
    public RecordingMessages refuseWith(ChannelException failure) {
        this.refusal = failure;
        return this;
    }

    /** @return the sends so far, in order */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<SendReceipt> send(String leadId, String channel, String subject, String text, String html,
                                             String idempotencyKey) {
        ChannelException failure = refusal;
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        sent.add(new Sent(leadId, channel, subject, text, html, idempotencyKey, SendOptions.none()));
        return CompletableFuture.completedFuture(new SendReceipt("test-" + sent.size(), "queued"));
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<SendReceipt> send(String leadId, String channel, String text, SendOptions options,
                                             String idempotencyKey) {
        ChannelException failure = refusal;
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        sent.add(new Sent(leadId, channel, null, text, null, idempotencyKey, options == null ? SendOptions.none() : options));
        return CompletableFuture.completedFuture(new SendReceipt("test-" + sent.size(), "queued"));
    }
}
