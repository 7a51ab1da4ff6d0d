package io.leadflow.kernel.message;

import io.leadflow.api.channel.CallReport;
import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.ChannelWebhooks;
import io.leadflow.api.channel.DeliveryReport;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendWithOptions;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.NodeLogger;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.circuit.CircuitHttpClient;
import io.leadflow.kernel.circuit.CircuitRegistry;
import io.leadflow.kernel.credential.CredentialService;
import io.leadflow.kernel.credential.CredentialView;
import io.leadflow.kernel.crypto.BlindIndex;
import io.leadflow.kernel.crypto.Keyring;
import io.leadflow.kernel.event.KernelEvents;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.lead.Consent;
import io.leadflow.kernel.lead.LeadService;
import io.leadflow.kernel.lead.LeadView;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.leadflow.kernel.plugin.NodeRegistry.RegisteredChannel;
import io.leadflow.kernel.plugin.Slf4jNodeLogger;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Messages between leads and channels, with consent enforced and every message stored encrypted
 * and audited against its lead.
 *
 * <p><b>Inbound</b> ({@link #receive}): the channel verifies and reads its provider's webhook; the
 * sender is matched to a lead — by email (email) or phone (SMS, WhatsApp, voice) through the lead
 * store's blind indexes, by an earlier message from the same sender (Messenger, Instagram) — and a
 * lead with the channel id as its source is created when none matches, so no reply is dropped.
 * A message that is exactly STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT opts the lead out of
 * the medium (consent source {@code inbound:<medium>}); START or UNSTOP on SMS opts back in.
 * Then {@code message.received} is published (correlation key: the lead id). A provider's
 * redelivery of a stored message is acknowledged and ignored.
 *
 * <p><b>Outbound</b> ({@link #send}): see {@link ConsentPolicy} for who may be messaged. The
 * address is the lead's first email (email), first phone (SMS, WhatsApp, voice) or the sender of
 * its latest inbound message on the medium (Messenger, Instagram). The credential is the node's
 * own if it is of the channel's credential type, else the only credential of that type.
 *
 * <p><b>Erasure.</b> When a lead is erased ({@code lead.deleted} on the {@code leads} topic, sent
 * after the erasure commits, on the eraser's thread), its messages lose every personal value
 * (addresses, subject, bodies, sender index) before the erasure request is answered; their
 * metadata stays for statistics, like the lead's tombstone.
 */
public final class MessageService {
    static final String TARGET = "lead";
    private static final Duration CHANNEL_TIMEOUT = Duration.ofSeconds(30);
    /** A channel's failure code for "the provider says this recipient unsubscribed": the lead is opted out. */
    static final String RECIPIENT_OPTED_OUT = "recipient_opted_out";
    /** A channel's failure code for "the provider refused the credential" (an expired token): the credential is flagged. */
    static final String CREDENTIAL_REFUSED = "unauthorized";
    private static final String SENDER_INDEX = "message_from";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Store store;
    /** The lead data keys: messages are the lead's personal data, and rotate with it. */
    private final Keyring box;
    private final BlindIndex blindIndex;
    private final LeadService leads;
    private final NodeRegistry registry;
    private final CredentialService credentials;
    private final HttpClient http;
    private final CircuitRegistry circuits;
    private final AuditLog audit;
    private final KernelEvents events;
    private final Executor io;
    private final QuietHoursSettings quietHours;

    /** One stored inbound message and its lead; {@code duplicate} for a redelivery. */
    public record Received(UUID messageId, UUID leadId, boolean duplicate) {
    }

    /**
     * What an inbound webhook produced: the messages stored (possibly none: a delivery report, a
     * ping), and the exact answer the channel chose, if it did (a subscription check).
     */
    public record Inbound(List<Received> messages, Optional<WebhookOutcome.Reply> reply) {
    }

    /**
     * A send held back by the workspace's quiet hours: retryable, and the engine runs the node again
     * at {@link #until()} without spending an attempt.
     */
    public static final class QuietHoursDeferral extends ChannelException {
        private static final long serialVersionUID = 1L;
        private final transient Instant until;

        QuietHoursDeferral(String message, Instant until) {
            super(message, true, "quiet_hours");
            this.until = until;
        }

        /** @return when the quiet hours end for the lead */
        public Instant until() {
            return until;
        }
    }

    /** How long after a lead's last message WhatsApp, Messenger and Instagram take free text. */
    static final Duration CONVERSATION_WINDOW = Duration.ofHours(24);
    /** The channel name that lets the kernel choose: the lead's preferred channel, else the one it last wrote on. */
    static final String AUTO = "auto";

    public MessageService(Store store, Keyring box, BlindIndex blindIndex, LeadService leads, NodeRegistry registry,
                          CredentialService credentials, HttpClient http, CircuitRegistry circuits, AuditLog audit,
                          KernelEvents events,
                          EventBus liveEvents, Executor io, QuietHoursSettings quietHours) {
        this.store = store.register(MessageMapper.class);
        this.box = box;
        this.blindIndex = blindIndex;
        this.leads = leads;
        this.registry = registry;
        this.credentials = credentials;
        this.http = http;
        this.circuits = circuits;
        this.audit = audit;
        this.events = events;
        this.io = io;
        this.quietHours = quietHours;
        liveEvents.subscribe(event -> {
            if (event.topic().equals("leads") && event.type().equals("lead.deleted")
                    && event.data() instanceof Map<?, ?> data && data.get("id") != null) {
                scrubLead(UUID.fromString(data.get("id").toString()));
            }
        });
    }

    // ---------------------------------------------------------------- inbound

    /**
     * Handles a provider's webhook for one channel. Fails with a {@link ProblemException}: 404 for
     * an unknown channel, 401 when the channel cannot verify the request, 409/400 when the
     * credential to verify with is missing or ambiguous, 502 when the channel fails.
     *
     * @param credentialId the credential to verify with, or null for the only one of the channel's type
     * @return the stored messages, and the channel's own answer if it chose one
     */
    public CompletableFuture<Inbound> receive(String pluginId, String channelId, String credentialId,
                                                         WebhookRequest request) {
        RegisteredChannel channel = registry.channel(channelId)
                .or(() -> registry.channel(pluginId + "." + channelId))
                .filter(found -> found.pluginId().equals(pluginId))
                .orElseThrow(() -> ProblemException.notFound("channel", pluginId + "/" + channelId));
        Credential credential = inboundCredential(channel, credentialId);
        CompletableFuture<WebhookContent> read;
        try {
            ChannelContext context = context(channel, credential);
            read = channel.channel() instanceof ChannelWebhooks webhooks
                    ? webhooks.handle(request, context).toCompletableFuture()
                    : channel.channel().receive(request, context).toCompletableFuture()
                            .thenApply(message -> message.map(WebhookContent::of).orElse(WebhookContent.none()));
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        Actor actor = new Actor("channel", channel.descriptor().channelId(), "channel " + channel.descriptor().channelId(),
                request.remoteAddress());
        return read.orTimeout(CHANNEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((message, error) -> {
                    if (error != null) {
                        throw inboundFailure(unwrap(error));
                    }
                    return message;
                })
                .thenApplyAsync(content -> {
                    if (content == null) {
                        return new Inbound(List.of(), Optional.empty());
                    }
                    applyDeliveryReports(channel, content.reports());
                    content.calls().forEach(call -> applyCall(actor, channel, call));
                    List<Received> stored = content.messages().stream().map(message -> store(actor, channel, message))
                            .toList();
                    return new Inbound(stored, content.reply());
                }, io);
    }

    /** Records each report on the message this channel sent with that provider id (other channels' ids never match). */
    private void applyDeliveryReports(RegisteredChannel channel, List<DeliveryReport> reports) {
        for (DeliveryReport report : reports) {
            String error = report.errorCode() == null && report.errorMessage() == null ? null
                    : (report.errorCode() == null ? "" : report.errorCode() + ": ")
                    + (report.errorMessage() == null ? "" : report.errorMessage());
            store.inTransaction(MessageMapper.class, mapper -> mapper.applyDelivery(channel.descriptor().channelId(),
                    report.providerMessageId(), report.status(), error, Instant.now()));
        }
    }

    /**
     * Records how a call this channel placed ended, on its outbound message (transcript, summary and
     * extracted values encrypted), and raises {@code call.ended} with the provider's call id as the
     * correlation key; a report sent twice, or for a call LeadFlow did not place, changes nothing.
     */
    private void applyCall(Actor actor, RegisteredChannel channel, CallReport call) {
        String channelId = channel.descriptor().channelId();
        MessageRow row = store.inTransaction(MessageMapper.class, mapper -> mapper.findOutbound(channelId,
                call.providerCallId()));
        if (row == null) {
            return;
        }
        row.callOutcome = call.outcome();
        row.callEndedReason = call.endedReason();
        row.transcriptCt = seal(row.id, "transcript", call.transcript());
        row.summaryCt = seal(row.id, "summary", call.summary());
        row.callDataCt = call.structuredData().isEmpty() ? null : seal(row.id, "callData", json(call.structuredData()));
        row.callCost = call.cost() == null ? null : java.math.BigDecimal.valueOf(call.cost());
        row.callStartedAt = call.startedAt();
        row.callEndedAt = call.endedAt();
        boolean first = store.inTransaction(session -> {
            if (session.getMapper(MessageMapper.class).applyCall(row) == 0) {
                return false;
            }
            audit.record(session, AuditEntry.of(actor, "call.ended", AuditEntry.SUCCESS, TARGET, row.leadId.toString(),
                    Map.of("messageId", row.id.toString(), "channelId", channelId, "outcome", call.outcome())));
            return true;
        });
        if (!first) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("leadId", row.leadId.toString());
        data.put("correlationKey", call.providerCallId());
        data.put("callId", call.providerCallId());
        data.put("messageId", row.id.toString());
        data.put("channelId", channelId);
        data.put("outcome", call.outcome());
        data.put("endedReason", call.endedReason());
        data.put("transcript", call.transcript());
        data.put("summary", call.summary());
        data.put("structuredData", call.structuredData());
        data.put("cost", call.cost());
        events.publish(new KernelEvent("call.ended", data, Instant.now()));
    }

    private static String json(Map<String, Object> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a call's structured data must be plain JSON values", e);
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
            });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Map.of();
        }
    }

    private static ProblemException inboundFailure(Throwable error) {
        if (error instanceof SecurityException) {
            return new ProblemException(401, "webhook-rejected", "Webhook rejected",
                    "the channel could not verify the request: " + error.getMessage());
        }
        if (error instanceof ProblemException problem) {
            return problem;
        }
        if (error instanceof TimeoutException) {
            return new ProblemException(502, "channel-failed", "Channel failed",
                    "the channel did not read the request within " + CHANNEL_TIMEOUT.toSeconds() + " s");
        }
        return new ProblemException(502, "channel-failed", "Channel failed", "the channel failed: " + error.getMessage());
    }

    private Credential inboundCredential(RegisteredChannel channel, String credentialId) {
        String type = channel.descriptor().credentialType();
        if (credentialId != null && !credentialId.isBlank()) {
            UUID id;
            try {
                id = UUID.fromString(credentialId.trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidParameter("credential", "credential must be a credential id (a UUID)");
            }
            Credential credential = credentials.decrypted(id)
                    .orElseThrow(() -> ProblemException.notFound("credential", id.toString()));
            if (!credential.typeId().equals(type)) {
                throw ProblemException.invalidParameter("credential", "the credential is a " + credential.typeId()
                        + ", but channel " + channel.descriptor().channelId() + " uses " + type);
            }
            return credential;
        }
        List<CredentialView> candidates = credentials.list().stream().filter(view -> view.type().equals(type)).toList();
        if (candidates.isEmpty()) {
            throw ProblemException.conflict("no credential of type " + type + " exists to verify channel "
                    + channel.descriptor().channelId() + " with");
        }
        if (candidates.size() > 1) {
            throw ProblemException.invalidParameter("credential", "several credentials of type " + type
                    + " exist; name one with ?credential=<id>");
        }
        return credentials.decrypted(candidates.get(0).id())
                .orElseThrow(() -> ProblemException.conflict("the credential was deleted meanwhile"));
    }

    private Received store(Actor actor, RegisteredChannel channel, InboundMessage message) {
        String channelId = channel.descriptor().channelId();
        Medium medium = channel.descriptor().medium();
        String from = message.from().trim();
        if (from.isEmpty()) {
            throw ProblemException.badRequest("the message has no sender");
        }
        String providerId = message.providerMessageId();
        if (providerId != null) {
            MessageRow stored = store.inTransaction(MessageMapper.class, mapper -> mapper.findInbound(channelId, providerId));
            if (stored != null) {
                return new Received(stored.id, stored.leadId, true);
            }
        }
        byte[] senderIndex = blindIndex.token(SENDER_INDEX, medium.name() + ":" + from.toLowerCase(Locale.ROOT));
        LeadView lead = leadOf(actor, medium, from, senderIndex, channelId);
        MessageRow row = new MessageRow();
        row.id = UUID.randomUUID();
        row.leadId = lead.id();
        row.medium = ConsentPolicy.channelOf(medium);
        row.channelId = channelId;
        row.providerMessageId = providerId;
        row.fromCt = seal(row.id, "from", from);
        row.toCt = seal(row.id, "to", message.to());
        row.textCt = seal(row.id, "text", message.text());
        row.fromIndex = senderIndex;
        row.occurredAt = message.receivedAt();
        boolean inserted = store.inTransaction(session -> {
            if (session.getMapper(MessageMapper.class).insertInbound(row) == 0) {
                return false;
            }
            audit.record(session, AuditEntry.of(actor, "message.received", AuditEntry.SUCCESS, TARGET,
                    lead.id().toString(), Map.of("messageId", row.id.toString(), "medium", row.medium,
                            "channelId", channelId)));
            return true;
        });
        if (!inserted) {
            MessageRow stored = store.inTransaction(MessageMapper.class, mapper -> mapper.findInbound(channelId, providerId));
            return new Received(stored.id, stored.leadId, true);
        }
        applyConsentKeyword(actor, lead, medium, message.text(), row.id);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("leadId", lead.id().toString());
        data.put("correlationKey", lead.id().toString());
        data.put("medium", row.medium);
        data.put("channelId", channelId);
        data.put("from", from);
        data.put("text", message.text());
        data.put("messageId", row.id.toString());
        events.publish(new KernelEvent("message.received", data, Instant.now()));
        return new Received(row.id, lead.id(), false);
    }

    /** The sender's lead; created (source: the channel) when no lead has the address. */
    private LeadView leadOf(Actor actor, Medium medium, String from, byte[] senderIndex, String channelId) {
        try {
            return switch (medium) {
                case EMAIL -> leads.findOrCreateByContact(actor, from, null, channelId);
                case SMS, WHATSAPP, VOICE -> leads.findOrCreateByContact(actor, null, from, channelId);
                case MESSENGER, INSTAGRAM -> {
                    UUID known = store.inTransaction(MessageMapper.class, mapper -> mapper.leadOfSender(senderIndex));
                    yield known != null ? leads.get(actor, known) : leads.findOrCreateByContact(actor, null, null, channelId);
                }
            };
        } catch (ProblemException e) {
            if (e.status() == 422 || e.status() == 400) {
                throw new ProblemException(422, "invalid-sender", "Invalid sender", "the message's sender is not a valid "
                        + (medium == Medium.EMAIL ? "email address" : "phone number") + " for a lead");
            }
            throw e;
        }
    }

    /**
     * The provider says the recipient unsubscribed (Twilio's 21610 after a STOP the kernel never saw):
     * the lead's consent follows, so later sends are refused before any provider call.
     */
    private void optOutAtProvider(Actor actor, Prepared prepared) {
        String channel = ConsentPolicy.channelOf(prepared.message().medium());
        String source = "provider:" + prepared.channel().descriptor().channelId();
        leads.setConsent(actor, prepared.lead().id(), channel, new Consent(Consent.OPTED_OUT, Instant.now(), source));
        audit.record(AuditEntry.of(actor, "consent.opted-out", AuditEntry.SUCCESS, TARGET,
                prepared.lead().id().toString(), Map.of("channel", channel, "source", source)));
    }

    private void applyConsentKeyword(Actor actor, LeadView lead, Medium medium, String text, UUID messageId) {
        ConsentKeywords keyword = ConsentKeywords.of(text);
        String channel = ConsentPolicy.channelOf(medium);
        String state;
        if (keyword == ConsentKeywords.OPT_OUT) {
            state = Consent.OPTED_OUT;
        } else if (keyword == ConsentKeywords.OPT_IN && medium == Medium.SMS) {
            state = Consent.OPTED_IN;
        } else {
            return;
        }
        leads.setConsent(actor, lead.id(), channel, new Consent(state, Instant.now(), "inbound:" + channel));
        audit.record(AuditEntry.of(actor, Consent.OPTED_OUT.equals(state) ? "consent.opted-out" : "consent.opted-in",
                AuditEntry.SUCCESS, TARGET, lead.id().toString(),
                Map.of("channel", channel, "source", "inbound:" + channel, "messageId", messageId.toString())));
    }

    // ---------------------------------------------------------------- outbound

    /**
     * Sends a message to a lead for a node run (see {@link io.leadflow.api.node.Messages}); the
     * stage fails with a {@link ChannelException}.
     */
    CompletableFuture<SendReceipt> send(Actor actor, UUID executionId, Optional<Credential> nodeCredential,
                                        String leadId, String channel, String subject, String text, String html,
                                        SendOptions options, String idempotencyKey, Executor executor) {
        SendOptions given = options == null ? SendOptions.none() : options;
        return CompletableFuture.supplyAsync(() -> prepare(actor, nodeCredential, leadId, channel, idempotencyKey,
                        subject, text, html, given), executor)
                .thenCompose(prepared -> prepared.receipt() != null ? CompletableFuture.completedFuture(prepared.receipt())
                        : dispatch(actor, executionId, prepared, executor));
    }

    /** A send that passed every check, or the receipt of an earlier send with the same key. */
    private record Prepared(RegisteredChannel channel, Credential credential, LeadView lead, OutboundMessage message,
                            SendOptions options, SendReceipt receipt) {
    }

    private Prepared prepare(Actor actor, Optional<Credential> nodeCredential, String leadId, String channelName,
                             String idempotencyKey, String subject, String text, String html, SendOptions options) {
        UUID id;
        try {
            id = UUID.fromString(leadId == null ? "" : leadId.trim());
        } catch (IllegalArgumentException e) {
            throw new ChannelException("'" + leadId + "' is not a lead id", false, "no_lead");
        }
        boolean automatic = channelName != null && AUTO.equalsIgnoreCase(channelName.trim());
        RegisteredChannel named = automatic ? null : channelFor(channelName);
        LeadView lead;
        try {
            lead = leads.get(actor, id);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new ChannelException("lead " + id + " does not exist (or was erased)", false, "no_lead");
            }
            throw e;
        }
        RegisteredChannel channel = automatic ? channelOfLead(lead) : named;
        Medium medium = channel.descriptor().medium();
        Optional<ChannelException> refusal = ConsentPolicy.refusal(lead, medium);
        if (refusal.isPresent()) {
            audit.record(AuditEntry.of(actor, "message.refused", AuditEntry.FAILURE, TARGET, id.toString(),
                    Map.of("medium", ConsentPolicy.channelOf(medium), "channelId", channel.descriptor().channelId(),
                            "code", refusal.get().code(), "reason", refusal.get().getMessage())));
            throw refusal.get();
        }
        if (idempotencyKey != null) {
            MessageRow earlier = store.inTransaction(MessageMapper.class,
                    mapper -> mapper.findByIdempotencyKey(idempotencyKey));
            if (earlier != null && "sent".equals(earlier.status)) {
                return new Prepared(channel, null, lead, null, options, new SendReceipt(earlier.providerMessageId, "sent"));
            }
        }
        if (!options.isEmpty() && !(channel.channel() instanceof SendWithOptions)) {
            throw new ChannelException("channel " + channel.descriptor().channelId()
                    + " cannot send templates, tags or variables", false, "unsupported_option");
        }
        Optional<ChannelException> closed = outsideWindow(lead, medium, options);
        if (closed.isPresent()) {
            audit.record(AuditEntry.of(actor, "message.refused", AuditEntry.FAILURE, TARGET, id.toString(),
                    Map.of("medium", ConsentPolicy.channelOf(medium), "channelId", channel.descriptor().channelId(),
                            "code", closed.get().code(), "reason", closed.get().getMessage())));
            throw closed.get();
        }
        QuietHours hours = quietHours.current();
        ZoneId zone = hours.zoneOf(lead.customFields().get("timeZone"));
        Optional<Instant> quietUntil = hours.deferral(ConsentPolicy.channelOf(medium), zone, Instant.now());
        if (quietUntil.isPresent()) {
            String reason = "quiet hours (" + hours.starts() + " to " + hours.ends() + " " + zone.getId()
                    + ") for lead " + id + ": the " + ConsentPolicy.channelOf(medium) + " waits until " + quietUntil.get();
            audit.record(AuditEntry.of(actor, "message.deferred", AuditEntry.SUCCESS, TARGET, id.toString(),
                    Map.of("medium", ConsentPolicy.channelOf(medium), "channelId", channel.descriptor().channelId(),
                            "until", quietUntil.get().toString())));
            throw new QuietHoursDeferral(reason, quietUntil.get());
        }
        String to = address(lead, medium).orElseThrow(() -> new ChannelException("lead " + id + " has no "
                + switch (medium) {
                    case EMAIL -> "email address";
                    case SMS, WHATSAPP, VOICE -> "phone number";
                    default -> "conversation on " + ConsentPolicy.channelOf(medium) + " to answer";
                }, false, "no_address"));
        Credential credential = outboundCredential(channel, nodeCredential);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("leadId", id.toString());
        OutboundMessage message = new OutboundMessage(medium, to, null, subject, text == null ? "" : text, html,
                List.of(), metadata, idempotencyKey);
        return new Prepared(channel, credential, lead, message, options, null);
    }

    /**
     * Meta's 24-hour rule: free text on WhatsApp, Messenger and Instagram only within a day of the
     * lead's last message on the medium (its provider timestamp); templates and tagged messages always.
     */
    private Optional<ChannelException> outsideWindow(LeadView lead, Medium medium, SendOptions options) {
        if (!(medium == Medium.WHATSAPP || medium == Medium.MESSENGER || medium == Medium.INSTAGRAM)
                || options.outsideWindowAllowed()) {
            return Optional.empty();
        }
        String channel = ConsentPolicy.channelOf(medium);
        Instant last = store.inTransaction(MessageMapper.class, mapper -> mapper.lastInboundAt(lead.id(), channel));
        if (last != null && last.plus(CONVERSATION_WINDOW).isAfter(Instant.now())) {
            return Optional.empty();
        }
        String hint = medium == Medium.WHATSAPP
                ? "send an approved message template instead (the WhatsApp template node)"
                : "send a tagged message instead (message tag such as ACCOUNT_UPDATE or HUMAN_AGENT)";
        return Optional.of(new ChannelException((last == null ? "lead " + lead.id() + " has never written on " + channel
                : "lead " + lead.id() + " last wrote on " + channel + " at " + last + ", more than 24 hours ago")
                + ": free text is allowed only within 24 hours of the lead's last message; " + hint,
                false, "outside_window"));
    }

    private CompletableFuture<SendReceipt> dispatch(Actor actor, UUID executionId, Prepared prepared, Executor executor) {
        CompletableFuture<SendReceipt> sent;
        try {
            ChannelContext context = context(prepared.channel(), prepared.credential());
            sent = (prepared.options().isEmpty()
                    ? prepared.channel().channel().send(prepared.message(), context)
                    : ((SendWithOptions) prepared.channel().channel()).send(prepared.message(), prepared.options(), context))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.orTimeout(CHANNEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((receipt, error) -> {
                    ChannelException failure = error == null ? null : asChannelException(unwrap(error));
                    if (failure == null && receipt == null) {
                        failure = new ChannelException("the channel returned no receipt", true, "no_receipt");
                    }
                    record(actor, executionId, prepared, receipt, failure);
                    if (failure != null && RECIPIENT_OPTED_OUT.equals(failure.code())) {
                        optOutAtProvider(actor, prepared);
                    }
                    if (failure != null && CREDENTIAL_REFUSED.equals(failure.code())) {
                        credentials.flag(actor, prepared.credential().id(), failure.getMessage());
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    return receipt;
                }, executor);
    }

    private void record(Actor actor, UUID executionId, Prepared prepared, SendReceipt receipt, ChannelException failure) {
        OutboundMessage message = prepared.message();
        MessageRow row = new MessageRow();
        row.id = UUID.randomUUID();
        row.leadId = prepared.lead().id();
        row.medium = ConsentPolicy.channelOf(message.medium());
        row.channelId = prepared.channel().descriptor().channelId();
        row.providerMessageId = receipt == null ? null : receipt.providerMessageId();
        row.status = failure == null ? "sent" : "failed";
        row.error = failure == null ? null : failure.getMessage();
        row.toCt = seal(row.id, "to", message.to());
        row.subjectCt = seal(row.id, "subject", message.subject());
        row.textCt = seal(row.id, "text", message.text());
        row.htmlCt = seal(row.id, "html", message.html());
        row.idempotencyKey = message.idempotencyKey();
        row.executionId = executionId;
        row.occurredAt = Instant.now();
        store.inTransaction(session -> {
            session.getMapper(MessageMapper.class).upsertOutbound(row);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("medium", row.medium);
            detail.put("channelId", row.channelId);
            if (row.providerMessageId != null) {
                detail.put("providerMessageId", row.providerMessageId);
            }
            if (failure != null) {
                detail.put("code", failure.code());
            }
            audit.record(session, AuditEntry.of(actor, failure == null ? "message.sent" : "message.failed",
                    failure == null ? AuditEntry.SUCCESS : AuditEntry.FAILURE, TARGET, row.leadId.toString(), detail));
            return null;
        });
    }

    private static ChannelException asChannelException(Throwable error) {
        if (error instanceof ChannelException channel) {
            return channel;
        }
        if (error instanceof TimeoutException) {
            return new ChannelException("the channel did not answer within " + CHANNEL_TIMEOUT.toSeconds() + " s",
                    true, "timeout");
        }
        return new ChannelException("the channel failed: " + error, true, "channel_error");
    }

    /**
     * The channel {@code auto} picks for a lead: its {@code preferredChannel} custom field (a channel
     * id or a medium) when a started channel offers it, else the channel of its latest message to us.
     */
    private RegisteredChannel channelOfLead(LeadView lead) {
        Object preferred = lead.customFields().get("preferredChannel");
        if (preferred instanceof String text && !text.isBlank()) {
            try {
                return channelFor(text);
            } catch (ChannelException e) {
                // not offered now: fall back to where the lead last wrote
            }
        }
        MessageRow latest = store.inTransaction(MessageMapper.class, mapper -> mapper.latestInboundOfLead(lead.id()));
        if (latest != null) {
            Optional<RegisteredChannel> channel = registry.channel(latest.channelId);
            if (channel.isPresent()) {
                return channel.get();
            }
        }
        throw new ChannelException("lead " + lead.id() + " has no preferredChannel a started plugin offers and has not "
                + "written on any started channel: choose the channel on the node", false, "no_channel");
    }

    /** A channel id, or a medium name for the first started channel of that medium. */
    private RegisteredChannel channelFor(String name) {
        if (name == null || name.isBlank()) {
            throw new ChannelException("no channel or medium given", false, "no_channel");
        }
        Optional<RegisteredChannel> byId = registry.channel(name.trim());
        if (byId.isPresent()) {
            return byId.get();
        }
        Medium medium;
        try {
            medium = Medium.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ChannelException("'" + name + "' is neither a started channel nor a medium", false, "no_channel");
        }
        return registry.channels().stream().filter(channel -> channel.descriptor().medium() == medium).findFirst()
                .orElseThrow(() -> new ChannelException("no started plugin offers a channel for "
                        + ConsentPolicy.channelOf(medium), false, "no_channel"));
    }

    private Credential outboundCredential(RegisteredChannel channel, Optional<Credential> nodeCredential) {
        String type = channel.descriptor().credentialType();
        if (nodeCredential.isPresent() && nodeCredential.get().typeId().equals(type)) {
            return nodeCredential.get();
        }
        List<CredentialView> candidates = credentials.list().stream().filter(view -> view.type().equals(type)).toList();
        if (candidates.size() != 1) {
            throw new ChannelException(candidates.isEmpty()
                    ? "no credential of type " + type + " exists for channel " + channel.descriptor().channelId()
                    : "several credentials of type " + type + " exist; configure one on the node", false, "no_credential");
        }
        return credentials.decrypted(candidates.get(0).id())
                .orElseThrow(() -> new ChannelException("the credential was deleted meanwhile", true, "no_credential"));
    }

    private Optional<String> address(LeadView lead, Medium medium) {
        return switch (medium) {
            case EMAIL -> lead.emails().stream().findFirst();
            case SMS, WHATSAPP, VOICE -> lead.phones().stream().findFirst();
            case MESSENGER, INSTAGRAM -> Optional.ofNullable(store.inTransaction(MessageMapper.class,
                    mapper -> mapper.latestInbound(lead.id(), ConsentPolicy.channelOf(medium))))
                    .map(row -> open(row.id, "from", row.fromCt));
        };
    }

    // ---------------------------------------------------------------- reading and erasure

    /** A lead's messages, newest first, decrypted, for the API and the GDPR export. */
    public List<Map<String, Object>> ofLead(UUID leadId, int limit) {
        return store.inTransaction(MessageMapper.class, mapper -> mapper.ofLead(leadId, limit)).stream()
                .map(this::toMap).toList();
    }

    /** Erasure of a lead: its messages keep their metadata and lose every personal value. */
    public int scrubLead(UUID leadId) {
        return store.inTransaction(MessageMapper.class, mapper -> mapper.scrub(leadId));
    }

    private Map<String, Object> toMap(MessageRow row) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", row.id.toString());
        map.put("leadId", row.leadId.toString());
        map.put("direction", row.direction);
        map.put("medium", row.medium);
        map.put("channelId", row.channelId);
        map.put("status", row.status);
        map.put("providerMessageId", row.providerMessageId);
        map.put("from", open(row.id, "from", row.fromCt));
        map.put("to", open(row.id, "to", row.toCt));
        map.put("subject", open(row.id, "subject", row.subjectCt));
        map.put("text", open(row.id, "text", row.textCt));
        map.put("html", open(row.id, "html", row.htmlCt));
        map.put("error", row.error);
        if (row.deliveryStatus != null) {
            map.put("delivery", Map.of("status", row.deliveryStatus, "at", row.deliveryAt,
                    "error", row.deliveryError == null ? "" : row.deliveryError));
        }
        if (row.callOutcome != null) {
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("outcome", row.callOutcome);
            call.put("endedReason", row.callEndedReason);
            call.put("transcript", open(row.id, "transcript", row.transcriptCt));
            call.put("summary", open(row.id, "summary", row.summaryCt));
            String data = open(row.id, "callData", row.callDataCt);
            call.put("structuredData", data == null ? Map.of() : parse(data));
            call.put("cost", row.callCost);
            call.put("startedAt", row.callStartedAt);
            call.put("endedAt", row.callEndedAt);
            map.put("call", call);
        }
        map.put("executionId", row.executionId == null ? null : row.executionId.toString());
        map.put("occurredAt", row.occurredAt);
        map.put("createdAt", row.createdAt);
        return map;
    }

    // ---------------------------------------------------------------- plumbing

    /** What a channel is given; its HTTP calls go through the breaker of their host and this credential. */
    private ChannelContext context(RegisteredChannel channel, Credential credential) {
        HttpClient guarded = new CircuitHttpClient(http, circuits, credential.id());
        NodeLogger logger = new Slf4jNodeLogger("channel." + channel.descriptor().channelId());
        return new ChannelContext() {
            @Override
            public Credential credential() {
                return credential;
            }

            @Override
            public HttpClient http() {
                return guarded;
            }

            @Override
            public NodeLogger logger() {
                return logger;
            }
        };
    }

    /** Binds each ciphertext to its message and field, so one copied elsewhere does not decrypt. */
    private String seal(UUID id, String field, String plaintext) {
        return plaintext == null ? null : box.encrypt(plaintext, "message:" + id + ":" + field);
    }

    private String open(UUID id, String field, String ciphertext) {
        return ciphertext == null ? null : box.decrypt(ciphertext, "message:" + id + ":" + field);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
