package io.leadflow.plugins.core;

import io.leadflow.api.code.CodeException;
import io.leadflow.api.code.CodeMode;
import io.leadflow.api.code.CodeRequest;
import io.leadflow.api.code.CodeResult;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.HostCapability;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.code}: the user's own JavaScript, run in the kernel's sandbox (a confined process,
 * never the kernel's). The source is a function body: once for all items ({@code items}, each
 * {@code {json}}) returning the output items, or once per item ({@code $json}, {@code $itemIndex})
 * returning that item's output or {@code null}. {@code $lead} is the lead the (first) item is about,
 * read only when the code names it; {@code $execution} holds the run's ids.
 */
@Extension
public final class CodeNode implements Action {
    /** The function body. Taken as written: {@code {{ }}} in it is JavaScript, not a template. */
    static final Property<String> CODE = Property.text("code").label("JavaScript").required()
            .defaultValue("// items: [{json}], $json: the first item, $lead: the lead or null\n"
                    + "return items.map(item => ({ json: { ...item.json } }));")
            .description("A function body that returns the output items; console.log lines are kept with the run")
            .build();
    /** Once for all items, or once per item. */
    static final Property<String> MODE = Property.options("mode", "all", "each").label("Run")
            .description("all: once with every item in `items`; each: once per item, as `$json`")
            .defaultValue("all").build();
    /** The time the code may take, every item together. */
    static final Property<Integer> TIMEOUT_SECONDS = Property.integer("timeoutSeconds").label("Timeout (seconds)")
            .defaultValue(10).range(1.0, 60.0).build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.code")
            .label("Code")
            .description("Runs your own JavaScript on the items, in a sandbox without network or files.")
            .category("Data")
            .icon("code")
            .properties(CODE, MODE, TIMEOUT_SECONDS)
            .requires(HostCapability.CODE_SANDBOX)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public CodeNode() {
        // stateless: everything comes from the node context
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        String source = context.config().get(CODE);
        if (source == null || source.isBlank()) {
            return CompletableFuture.completedFuture(Items.permanent("invalid_config", "the code is empty"));
        }
        boolean each = "each".equals(context.config().get(MODE));
        Integer seconds = context.config().get(TIMEOUT_SECONDS);
        List<Item> items = input.items();
        CompletionStage<Optional<Map<String, Object>>> lead = source.contains("$lead") && !items.isEmpty()
                ? leadOf(items.get(0), context) : CompletableFuture.completedFuture(Optional.empty());
        return lead.thenCompose(found -> context.code().run(CodeRequest.javascript(source)
                        .mode(each ? CodeMode.EACH_ITEM : CodeMode.ALL_ITEMS)
                        .items(items.stream().map(Item::json).toList())
                        .lead(found.orElse(null))
                        .variable("execution", Map.of("id", context.executionId(), "workflowId", context.workflowId(),
                                "nodeId", context.nodeId()))
                        .timeout(Duration.ofSeconds(seconds == null ? 10 : seconds))
                        .build()))
                .handle((result, error) -> error == null ? succeeded(result, context) : failed(error, context));
    }

    private static CompletionStage<Optional<Map<String, Object>>> leadOf(Item item, NodeContext context) {
        String leadId = LeadItems.leadId(null, item);
        return leadId == null ? CompletableFuture.completedFuture(Optional.empty()) : context.leads().find(leadId)
                .exceptionally(error -> Optional.empty());
    }

    private static NodeResult succeeded(CodeResult result, NodeContext context) {
        result.console().forEach(line -> context.logger().info("console: {}", line));
        return NodeResult.items(result.items().stream().map(Item::of).toList());
    }

    private static NodeResult failed(Throwable error, NodeContext context) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CodeException code) {
            code.console().forEach(line -> context.logger().info("console: {}", line));
            return new NodeResult.Failure(code.getMessage(), code.retryable(), code.code(),
                    code.console().isEmpty() ? Map.of() : Map.of("console", code.console()));
        }
        return new NodeResult.Failure("the code sandbox failed: " + cause, true, "sandbox", Map.of());
    }
}
