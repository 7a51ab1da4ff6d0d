package io.leadflow.kernel.realtime;

import java.util.function.Consumer;

/** Where a {@link ClientConnection} writes: a WebSocket session, or a test's recorder. */
interface MessageSink {
    /** Starts sending {@code text}; calls {@code done} with null on success or the failure. */
    void send(String text, Consumer<Throwable> done);

    /** Closes the connection with a WebSocket close code and reason. */
    void close(int code, String reason);
}
