package io.leadflow.kernel.realtime;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client's outbound queue. Publishers only enqueue, never wait; one message at a time is in
 * flight. A client whose queue passes the limit cannot keep up: it is closed with 1008 and a reason,
 * and its queue dropped, so it never slows anyone else down.
 */
final class ClientConnection {
    static final int TOO_SLOW = 1008;

    private final MessageSink sink;
    private final int limit;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int stripe;
    private final java.util.UUID tokenId;
    final java.util.Set<String> topics = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ClientConnection(MessageSink sink, int limit, int stripe) {
        this(sink, limit, stripe, null);
    }

    ClientConnection(MessageSink sink, int limit, int stripe, java.util.UUID tokenId) {
        this.sink = sink;
        this.limit = limit;
        this.stripe = stripe;
        this.tokenId = tokenId;
    }

    /** The bearer token the client connected with (null for in-process clients). */
    java.util.UUID tokenId() {
        return tokenId;
    }

    /** Which of the hub's fan-out threads writes to this client. */
    int stripe() {
        return stripe;
    }

    /** Queues {@code text}; returns false if the client is (now) closed. */
    boolean offer(String text) {
        if (closed.get()) {
            return false;
        }
        if (queued.incrementAndGet() > limit) {
            close(TOO_SLOW, "client too slow: more than " + limit + " messages queued");
            return false;
        }
        queue.add(text);
        drain();
        return true;
    }

    private void drain() {
        // A sink may complete synchronously; then this loop sends the next message instead of the
        // callback recursing, so a long queue never deepens the stack.
        while (!closed.get() && !queue.isEmpty() && sending.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next == null) {
                sending.set(false);
                continue;
            }
            AtomicBoolean returned = new AtomicBoolean();
            sink.send(next, failure -> {
                queued.decrementAndGet();
                sending.set(false);
                if (failure != null) {
                    close(1011, "send failed");
                } else if (returned.get()) {
                    drain();
                }
            });
            returned.set(true);
        }
    }

    void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            sink.close(code, reason);
        }
    }

    boolean closed() {
        return closed.get();
    }

    int queued() {
        return queued.get();
    }
}
