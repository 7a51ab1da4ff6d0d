package io.leadflow.kernel.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The answer of the tests' generic HTTP provider: 200 with {@code {"ok":true}}. */
public final class OkProvider {
    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private OkProvider() {
    }

    /** Answers the exchange 200 with a small JSON body and closes it. */
    public static void answer(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, BODY.length);
        exchange.getResponseBody().write(BODY);
        exchange.close();
    }
}
