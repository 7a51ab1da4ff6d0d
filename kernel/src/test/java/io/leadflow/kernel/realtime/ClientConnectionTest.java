package io.leadflow.kernel.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ClientConnectionTest {

    /** Records what is sent; completes sends at once or never, as the test chooses. */
    private static final class RecordingSink implements MessageSink {
        final List<String> sent = new ArrayList<>();
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        final boolean completes;
        int closeCode;
        String closeReason;

        RecordingSink(boolean completes) {
            this.completes = completes;
        }

        @Override
        public void send(String text, Consumer<Throwable> done) {
            sent.add(text);
            if (completes) {
                done.accept(null);
            } else {
                pending.add(done);
            }
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
            closeReason = reason;
        }
    }

    @Test
    void aClientThatKeepsUpGetsEveryMessageInOrder() {
        RecordingSink sink = new RecordingSink(true);
        ClientConnection client = new ClientConnection(sink, 4, 0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(client.offer("m" + i)).isTrue();
        }
        assertThat(sink.sent).hasSize(10_000).startsWith("m0", "m1").endsWith("m9999");
        assertThat(client.queued()).isZero();
        assertThat(client.closed()).isFalse();
    }

    @Test
    void aClientThatCannotKeepUpIsClosedWithAReasonAndNeverBlocksThePublisher() {
        RecordingSink sink = new RecordingSink(false);
        ClientConnection client = new ClientConnection(sink, 3, 0);
        assertThat(client.offer("a")).isTrue();
        assertThat(client.offer("b")).isTrue();
        assertThat(client.offer("c")).isTrue();
        assertThat(sink.sent).containsExactly("a"); // one in flight, two queued
        assertThat(client.offer("d")).isFalse();
        assertThat(client.closed()).isTrue();
        assertThat(sink.closeCode).isEqualTo(1008);
        assertThat(sink.closeReason).contains("too slow");
        assertThat(client.offer("e")).isFalse();
    }

    @Test
    void queuedMessagesFollowOnceTheSlowSendCompletes() {
        RecordingSink sink = new RecordingSink(false);
        ClientConnection client = new ClientConnection(sink, 10, 0);
        client.offer("a");
        client.offer("b");
        assertThat(sink.sent).containsExactly("a");
        sink.pending.get(0).accept(null);
        assertThat(sink.sent).containsExactly("a", "b");
    }

    @Test
    void aFailedSendClosesTheClient() {
        RecordingSink sink = new RecordingSink(false);
        ClientConnection client = new ClientConnection(sink, 10, 0);
        client.offer("a");
        sink.pending.get(0).accept(new java.io.IOException("broken pipe"));
        assertThat(client.closed()).isTrue();
        assertThat(sink.closeCode).isEqualTo(1011);
    }
}
