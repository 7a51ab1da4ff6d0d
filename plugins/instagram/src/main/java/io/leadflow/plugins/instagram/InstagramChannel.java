package io.leadflow.plugins.instagram;

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
 * Instagram direct messages as a LeadFlow channel. Answers a lead's conversation (an IGSID) through
 * the endpoint its credential selects, inside the 24-hour window of the lead's last message (the
 * kernel checks it; the {@code HUMAN_AGENT} {@link SendOptions#tag() tag} reaches further), and reads
 * the account's webhook ({@code object: "instagram"}): the subscription check, messages from leads
 * (echoes ignored) and read receipts.
 */
@Extension
public final class InstagramChannel extends MetaChannel<InstagramAccount> {

    /** The channel id; its inbound route is {@code /hooks/channels/instagram/message}. */
    public static final String CHANNEL_ID = "instagram.message";

    private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(CHANNEL_ID, Medium.INSTAGRAM,
            "Instagram direct messages", InstagramCredentialType.TYPE_ID);

    /** Creates the channel; PF4J calls this. */
    public InstagramChannel() {
        this(Clock.systemUTC());
    }

    InstagramChannel(Clock clock) {
        super(DESCRIPTOR, "Instagram", clock);
    }

    @Override
    protected InstagramAccount account(Credential credential) {
        return InstagramAccount.from(credential);
    }

    @Override
    protected CompletionStage<SendReceipt> deliver(InstagramAccount account, OutboundMessage message,
                                                   SendOptions options, HttpClient http) {
        return SendApi.send(http, "Instagram", account.messagesUri(), account.accessToken(), message, options);
    }

    /** With a page token the webhook's entry id is the Instagram account, not the page: every entry is read. */
    @Override
    protected WebhookContent read(InstagramAccount account, Map<String, Object> body, Instant now) {
        return MessagingWebhook.read(body, "instagram", Medium.INSTAGRAM, CHANNEL_ID,
                account.pageToken() ? null : account.accountId(), now);
    }
}
