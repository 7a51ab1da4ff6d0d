package com.example.greeting;

import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/** {@code greeting.post-greeting}: posts a greeting card to the greeting service, one call per run. */
@Extension
public class PostGreetingNode implements Action {
    static final Property<String> TEXT = Property.text("text").label("Text").required().expressions().build();

    @Override
    public NodeDescriptor descriptor() {
        return NodeDescriptor.action("greeting.post-greeting")
                .label("Post greeting")
                .category("Examples")
                .properties(TEXT)
                .credential(GreetingServiceCredential.TYPE_ID)
                .output(Port.mainPort())
                .output(Port.errorPort())
                .retryPolicy(new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(1), 2.0))
                .build();
    }

    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        Credential credential = context.credential().orElse(null);
        if (credential == null) {
            return CompletableFuture.completedFuture(NodeResult.permanentFailure("choose a greeting service key"));
        }
        HttpRequest request = HttpRequest.post(URI.create(credential.get(GreetingServiceCredential.BASE_URL) + "/v1/cards"))
                .header("Authorization", "Bearer " + credential.get(GreetingServiceCredential.API_KEY))
                .header("Idempotency-Key", context.idempotencyKey())
                .form(Map.of("text", List.of(context.config().get(TEXT))))
                .timeout(Duration.ofSeconds(10))
                .build();
        return context.http().send(request)
                .thenApply(response -> outcome(response, input.items()))
                .exceptionally(error -> NodeResult.retryableFailure("greeting service unreachable: " + error.getMessage()));
    }

    private static NodeResult outcome(HttpResponse response, List<Item> items) {
        if (response.status() == 429 || response.status() >= 500) {
            return NodeResult.retryableFailure("greeting service answered HTTP " + response.status());
        }
        if (!response.successful()) {
            return new NodeResult.Failure("greeting service refused the card: HTTP " + response.status(), false,
                    "refused", Map.of("status", response.status()));
        }
        List<Item> out = items.stream().map(item -> {
            Map<String, Object> json = new LinkedHashMap<>(item.json());
            json.put("cardLocation", response.header("Location"));
            return Item.of(json);
        }).toList();
        return NodeResult.items(out);
    }
}
