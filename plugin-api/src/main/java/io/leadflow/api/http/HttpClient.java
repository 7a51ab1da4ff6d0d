package io.leadflow.api.http;

import java.util.concurrent.CompletionStage;

/**
 * Sends HTTP requests without blocking. Implemented by the kernel; plugins never open their own
 * connections, so every external call is bounded, observed and guarded.
 */
public interface HttpClient {

    /**
     * Sends a request. Any HTTP status completes the stage normally; only failing to get an answer
     * (timeout, refused connection, open circuit, blocked address) completes it exceptionally.
     *
     * @param request the request
     * @return the response
     */
    CompletionStage<HttpResponse> send(HttpRequest request);
}
