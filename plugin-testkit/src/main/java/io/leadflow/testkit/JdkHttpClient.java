package io.leadflow.testkit;

import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The plugin API's HTTP client over the JDK's, without the kernel's retries, circuit breakers or
 * address guard: for tests against local fakes of a provider.
 */
public final class JdkHttpClient implements HttpClient {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Override
    public CompletionStage<HttpResponse> send(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(request.uri())
                .timeout(request.timeout() == null ? DEFAULT_TIMEOUT : request.timeout())
                .method(request.method(), request.body().length == 0 && "GET".equals(request.method())
                        ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        return client.sendAsync(builder.build(), BodyHandlers.ofByteArray())
                .thenApply(response -> new HttpResponse(response.statusCode(), response.headers().map(), response.body()));
    }
}
