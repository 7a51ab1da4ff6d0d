package io.leadflow.plugins.mailgun;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code mailgun.send-email}: sends one email through Mailgun per input item and emits
 * {@code {messageId, status, to}} for each.
 *
 * <p>Mailgun has no idempotency API: the node's idempotency key travels as the
 * {@code X-LeadFlow-Idempotency-Key} header, and each accepted send is remembered in the plugin's
 * state under that key, so a retry after a partial failure does not send the earlier items again.
 */
@Extension
public final class SendEmail implements Action {

    /** The node type id. */
    public static final String TYPE_ID = "mailgun.send-email";

    /** The recipient address. */
    public static final Property<String> TO = Property.string("to")
            .label("To")
            .description("The recipient, e.g. {{ $json.email }}.")
            .placeholder("{{ $json.email }}")
            .required()
            .expressions()
            .build();

    /** The sender; defaults to the credential's default sender. */
    public static final Property<String> FROM = Property.string("from")
            .label("From")
            .description("Leave empty to use the credential's default sender.")
            .placeholder("Sales <sales@mg.example.com>")
            .expressions()
            .build();

    /** The subject. */
    public static final Property<String> SUBJECT = Property.string("subject")
            .label("Subject")
            .expressions()
            .build();

    /** The plain-text body. */
    public static final Property<String> TEXT = Property.text("text")
            .label("Text")
            .expressions()
            .build();

    /** The HTML body. */
    public static final Property<String> HTML = Property.text("html")
            .label("HTML")
            .expressions()
            .build();

    /** Mailgun tags, at most three. */
    public static final Property<List<String>> TAGS = Property.stringList("tags")
            .label("Tags")
            .description("Mailgun tags for reporting; at most 3.")
            .build();

    /** Whether Mailgun tracks opens; empty for the domain's setting. */
    public static final Property<Boolean> TRACK_OPENS = Property.bool("trackOpens")
            .label("Track opens")
            .build();

    /** Whether Mailgun tracks clicks; empty for the domain's setting. */
    public static final Property<Boolean> TRACK_CLICKS = Property.bool("trackClicks")
            .label("Track clicks")
            .build();

    /** User variables, a JSON object, echoed back in every Mailgun event of the message. */
    public static final Property<Object> VARIABLES = Property.json("variables")
            .label("Variables")
            .description("A JSON object; Mailgun returns it as user-variables in each event of the message.")
            .build();

    /** How long an accepted send is remembered, to skip it on a retry of the same node run. */
    static final Duration SENT_MEMORY = Duration.ofDays(7);

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action(TYPE_ID)
            .label("Send email (Mailgun)")
            .description("Sends an email through Mailgun for each input item.")
            .category("Email")
            .icon("mail")
            .input(Port.mainPort())
            .output(Port.mainPort())
            .output(Port.errorPort())
            .properties(TO, FROM, SUBJECT, TEXT, HTML, TAGS, TRACK_OPENS, TRACK_CLICKS, VARIABLES)
            .credential(MailgunCredentialType.TYPE_ID)
            .retryPolicy(RetryPolicy.DEFAULT)
            .build();

    private final Duration timeout;

    /** Creates the node; PF4J calls this. */
    public SendEmail() {
        this(null);
    }

    /** A node whose sends wait at most {@code timeout} (null for the kernel's default). */
    SendEmail(Duration timeout) {
        this.timeout = timeout;
    }

    /** @return the descriptor of {@code mailgun.send-email} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Sends one email per input item, in order; stops at the first refusal and reports it as a failure. */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        Optional<Credential> credential = context.credential();
        if (credential.isEmpty()) {
            return done(new NodeResult.Failure("no Mailgun credential is configured: choose a "
                    + MailgunCredentialType.TYPE_ID + " credential for this node", false, "missing_credential",
                    Map.of()));
        }
        MailgunAccount account;
        Template template;
        try {
            account = MailgunAccount.from(credential.get());
            template = Template.read(context.config(), account);
        } catch (IllegalArgumentException e) {
            return done(new NodeResult.Failure(e.getMessage(), false, "invalid_config", Map.of()));
        }
        List<Item> items = input.items();
        MailgunClient client = new MailgunClient(context.http(), timeout);
        List<Item> sent = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        // one after another: keeps the order of the items and stays gentle with Mailgun's rate limit
        for (int index = 0; index < items.size(); index++) {
            String key = items.size() == 1 ? context.idempotencyKey() : context.idempotencyKey() + ":" + index;
            int position = index;
            chain = chain.thenCompose(previous -> sendOnce(client, account, template, key, position, context))
                    .thenAccept(sent::add);
        }
        return chain.handle((done, error) -> error == null ? NodeResult.items(sent) : failure(error, sent.size()));
    }

    private CompletableFuture<Item> sendOnce(MailgunClient client, MailgunAccount account, Template template,
                                             String key, int index, NodeContext context) {
        String stateKey = "sent/" + key;
        return context.state().get(stateKey).toCompletableFuture()
                .exceptionally(error -> Optional.empty())
                .thenCompose(remembered -> {
                    if (remembered.isPresent() && remembered.get() instanceof Map<?, ?> receipt
                            && receipt.get("messageId") instanceof String messageId) {
                        context.logger().info("item {} was already accepted by Mailgun in an earlier attempt", index);
                        return CompletableFuture.completedFuture(item(messageId, "queued", template.to()));
                    }
                    return client.send(account, template.message(key)).toCompletableFuture()
                            .thenCompose(receipt -> remember(context, stateKey, receipt, index)
                                    .thenApply(stored -> item(receipt.providerMessageId(), receipt.status(),
                                            template.to())));
                });
    }

    private static CompletableFuture<Void> remember(NodeContext context, String stateKey, SendReceipt receipt,
                                                    int index) {
        context.logger().info("Mailgun accepted item {} as {}", index, receipt.providerMessageId());
        // the email is out: failing the node now would only make a retry send it twice
        return context.state().put(stateKey, Map.of("messageId", receipt.providerMessageId()), SENT_MEMORY)
                .toCompletableFuture()
                .exceptionally(error -> {
                    context.logger().warn("could not remember the send of item {}: {}", index,
                            Failures.describe(error));
                    return null;
                });
    }

    private static Item item(String messageId, String status, String to) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messageId", messageId);
        json.put("status", status);
        json.put("to", to);
        return Item.of(json);
    }

    private static NodeResult failure(Throwable error, int sentBefore) {
        Throwable cause = Failures.cause(error);
        Map<String, Object> details = Map.of("sentBeforeFailure", sentBefore);
        if (cause instanceof ChannelException refused) {
            return new NodeResult.Failure(refused.getMessage(), refused.retryable(), refused.code(), details);
        }
        return new NodeResult.Failure("sending through Mailgun failed: " + Failures.describe(cause), false,
                "internal_error", details);
    }

    private static CompletionStage<NodeResult> done(NodeResult result) {
        return CompletableFuture.completedFuture(result);
    }

    /** The configured email, read and checked once per run. */
    private record Template(String to, String from, String subject, String text, String html, List<String> tags,
                            Boolean trackOpens, Boolean trackClicks, Map<String, String> variables) {

        static Template read(NodeConfig config, MailgunAccount account) {
            String to = MailgunAccount.blankToNull(config.get(TO));
            if (to == null) {
                throw new IllegalArgumentException("'to' is required");
            }
            String from = MailgunAccount.blankToNull(config.get(FROM));
            if (from == null) {
                from = account.defaultFrom();
            }
            if (from == null) {
                throw new IllegalArgumentException(
                        "no sender: set 'from' or the default sender of the Mailgun credential");
            }
            return new Template(to.trim(), from, config.get(SUBJECT), config.get(TEXT), config.get(HTML),
                    config.get(TAGS), config.get(TRACK_OPENS), config.get(TRACK_CLICKS),
                    variables(config.get(VARIABLES)));
        }

        private static Map<String, String> variables(Object value) {
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> object)) {
                throw new IllegalArgumentException("'variables' must be a JSON object");
            }
            Map<String, String> variables = new LinkedHashMap<>();
            // Mailgun stores user variables as text; JSON text keeps numbers and objects readable
            object.forEach((name, variable) -> variables.put(String.valueOf(name),
                    variable instanceof String text ? text : Json.write(variable)));
            return variables;
        }

        MailgunMessage message(String idempotencyKey) {
            return new MailgunMessage(from, List.of(to), subject, text, html, tags, trackOpens, trackClicks,
                    variables, idempotencyKey);
        }
    }
}
