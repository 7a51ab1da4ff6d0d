package io.leadflow.plugins.meta;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** JSON calls to the Graph API with a bearer token, through the kernel's guarded HTTP client. */
public final class GraphClient {
    private final HttpClient http;
    private final String product;

    /**
     * Creates a client.
     *
     * @param http the kernel's HTTP client (retries, breaker, SSRF guard)
     * @param product the product, for messages (e.g. {@code WhatsApp})
     */
    public GraphClient(HttpClient http, String product) {
        this.http = http;
        this.product = product;
    }

    /**
     * Posts a JSON body.
     *
     * @param uri the address
     * @param token the access token
     * @param body plain JSON values
     * @return the answer's object; the stage fails with a {@link ChannelException} from
     *         {@link GraphFailures} or, when Meta cannot be reached, a retryable {@code unreachable}
     */
    public CompletionStage<Map<String, Object>> post(URI uri, String token, Map<String, Object> body) {
        HttpRequest request = HttpRequest.post(uri)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .json(Json.write(body))
                .build();
        return call(request);
    }

    /**
     * Reads a resource.
     *
     * @param uri the address
     * @param token the access token
     * @return the answer as for {@link #post}
     */
    public CompletionStage<Map<String, Object>> get(URI uri, String token) {
        return call(HttpRequest.get(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").build());
    }

    private CompletionStage<Map<String, Object>> call(HttpRequest request) {
        CompletionStage<HttpResponse> answer;
        try {
            answer = http.send(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((response, error) -> {
            if (error != null) {
                if (Failures.cause(error) instanceof ChannelException channel) {
                    throw channel;
                }
                throw new ChannelException("cannot reach " + product + ": " + Failures.describe(error), true,
                        "unreachable");
            }
            if (!response.successful()) {
                throw GraphFailures.of(product, response);
            }
            return Json.objectOrEmpty(response.body());
        });
    }
}
