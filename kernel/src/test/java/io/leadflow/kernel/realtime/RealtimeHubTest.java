package io.leadflow.kernel.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RealtimeHubTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Blocks the fan-out thread on its first message until released, then records everything. */
    private static final class GatedSink implements MessageSink {
        final CountDownLatch firstArrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final LinkedBlockingQueue<String> sent = new LinkedBlockingQueue<>();

        @Override
        public void send(String text, Consumer<Throwable> done) {
            sent.add(text);
            if (firstArrived.getCount() > 0) {
                firstArrived.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    @Test
    void eventsWaitingForABusyFanOutThreadGoOutTogetherInOrderAndALoneEventAlone() throws Exception {
        EventBus bus = new EventBus();
        try (RealtimeHub hub = new RealtimeHub(bus, JSON, 100, 2)) {
            GatedSink sink = new GatedSink();
            ClientConnection client = hub.connect(sink);
            hub.subscribe(client, "workflow:1");

            bus.publish("workflow:1", "execution.started", Map.of("n", 1));
            assertThat(sink.firstArrived.await(5, TimeUnit.SECONDS)).isTrue();
            bus.publish("workflow:1", "node.started", Map.of("n", 2));
            bus.publish("other", "ignored", Map.of());
            bus.publish("workflow:1", "node.finished", Map.of("n", 3));
            Thread.sleep(100); // both wait behind the first send
            sink.release.countDown();

            assertThat(JSON.readTree(sink.sent.poll(5, TimeUnit.SECONDS)).get("type").asText())
                    .isEqualTo("execution.started");
            JsonNode batch = JSON.readTree(sink.sent.poll(5, TimeUnit.SECONDS));
            assertThat(batch.get("op").asText()).isEqualTo("batch");
            List<String> types = new ArrayList<>();
            batch.get("messages").forEach(message -> {
                assertThat(message.get("op").asText()).isEqualTo("event");
                types.add(message.get("type").asText());
            });
            assertThat(types).containsExactly("node.started", "node.finished");

            bus.publish("workflow:1", "execution.finished", Map.of("n", 4));
            JsonNode alone = JSON.readTree(sink.sent.poll(5, TimeUnit.SECONDS));
            assertThat(alone.get("op").asText()).isEqualTo("event");
            assertThat(alone.get("type").asText()).isEqualTo("execution.finished");
            assertThat(sink.sent.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
