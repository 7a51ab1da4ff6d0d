package ${package};

import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.RetryPolicy;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code ${pluginId}.send-greeting}: posts a message to the provider's {@code /greetings} with the
 * configured API key, then passes every input item on with the provider's answer status.
 */
@Extension
public class SendGreetingNode implements Action {
    /** The message; {@code {{ ... }}} expressions are evaluated by the kernel before the node runs. */
    static final Property<String> MESSAGE = Property.text("message").label("Message").required().expressions()
            .placeholder("Hello {{ $json.firstName }}!").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("${pluginId}.send-greeting")
            .label("Send greeting")
            .description("Posts a greeting to the example provider.")
            .category("Examples")
            .icon("send")
            .properties(MESSAGE)
            .credential(ApiKeyCredential.TYPE_ID)
            // three attempts with backoff when the node returns a retryable failure
            .retryPolicy(RetryPolicy.DEFAULT)
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        Credential credential = context.credential().orElse(null);
        if (credential == null) {
            return CompletableFuture.completedFuture(NodeResult.permanentFailure("choose an Example API key credential"));
        }
        HttpRequest request = HttpRequest.post(URI.create(credential.get(ApiKeyCredential.BASE_URL) + "/greetings"))
                .header("Authorization", "Bearer " + credential.get(ApiKeyCredential.API_KEY))
                // the same key on every attempt of this run: the provider can drop a retried duplicate
                .header("Idempotency-Key", context.idempotencyKey())
                .json("{\"message\":" + jsonString(context.config().get(MESSAGE)) + "}")
                .build();
        return context.http().send(request)
                .thenApply(response -> resultOf(response, input.items()))
                // no answer at all (timeout, refused connection, open circuit): worth another attempt
                .exceptionally(error -> NodeResult.retryableFailure("the provider could not be reached: " + error.getMessage()));
    }

    private static NodeResult resultOf(HttpResponse response, List<Item> items) {
        if (response.status() == 429 || response.status() >= 500) {
            return NodeResult.retryableFailure("the provider answered HTTP " + response.status());
        }
        if (!response.successful()) {
            return NodeResult.permanentFailure("the provider refused the greeting: HTTP " + response.status()
                    + " " + response.bodyText());
        }
        List<Item> source = items.isEmpty() ? List.of(Item.of(Map.of())) : items;
        return NodeResult.items(source.stream().map(item -> {
            Map<String, Object> json = new LinkedHashMap<>(item.json());
            json.put("greetingStatus", response.status());
            return Item.of(json);
        }).toList());
    }

    /** The plugin API has no JSON library on purpose; embed one (it is inlined into the jar) for more than this. */
    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
