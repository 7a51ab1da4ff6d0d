package io.leadflow.kernel.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.leadflow.marketplace.IndexFiles;
import io.leadflow.marketplace.IndexRefusedException;
import io.leadflow.marketplace.IndexSource;
import io.leadflow.marketplace.IndexUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IndexCallsTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Answers 503 to the first {@code failures} requests, then {@code body} (or sleeps {@code delayMillis} first). */
    private String serve(int failures, byte[] body, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (requests.incrementAndGet() <= failures) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static IndexCalls calls(String url, int retries, Duration timeout) {
        return new IndexCalls(IndexSource.of(url, Duration.ofSeconds(5)), retries, Duration.ofMillis(10), timeout, timeout);
    }

    @Test
    void aFailingReadIsRetriedWithBackoff() throws IOException {
        String url = serve(2, "{}".getBytes(StandardCharsets.UTF_8), 0);
        IndexFiles files = calls(url, 2, Duration.ofSeconds(5)).load();
        assertThat(new String(files.index(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(requests.get()).isEqualTo(2 + 4);
    }

    @Test
    void retriesEndAndTheFailureSaysWhy() throws IOException {
        String url = serve(100, new byte[0], 0);
        assertThatThrownBy(() -> calls(url, 2, Duration.ofSeconds(5)).load())
                .isInstanceOf(IndexUnavailableException.class).hasMessageContaining("HTTP 503");
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void aSlowAnswerTimesOut() throws IOException {
        String url = serve(0, "{}".getBytes(StandardCharsets.UTF_8), 2000);
        assertThatThrownBy(() -> calls(url, 0, Duration.ofMillis(300)).load())
                .isInstanceOf(IndexUnavailableException.class).hasMessageContaining("did not answer in time");
        assertThat(Thread.interrupted()).as("the request thread is not left interrupted").isFalse();
    }

    @Test
    void aRefusalIsNeverRetried() throws IOException {
        String url = serve(0, new byte[(int) IndexSource.MAX_INDEX_BYTES + 1], 0);
        assertThatThrownBy(() -> calls(url, 2, Duration.ofSeconds(20)).load())
                .isInstanceOfSatisfying(IndexRefusedException.class, e -> assertThat(e.check()).isEqualTo("schema"));
        assertThat(requests.get()).isEqualTo(1);
    }
}
