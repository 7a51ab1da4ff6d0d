package io.leadflow.kernel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many WebSocket subscribers at little CPU cost, for the live benchmark: raw RFC 6455 on
 * non-blocking sockets, all read by a few selector threads, each text message handed to a
 * callback with the nanosecond wall-clock time it was read. {@code java.net.http}'s WebSocket
 * spent more CPU per message than the kernel did sending it, so it measured itself.
 */
final class LeanWebSockets implements AutoCloseable {
    private final List<Reader> readers = new ArrayList<>();

    /** Opens {@code count} sockets on {@code /ws}, each sending {@code subscribe} once open. */
    LeanWebSockets(int port, String token, int count, String subscribe, int selectors,
                   MessageHandler handler) throws IOException {
        for (int i = 0; i < selectors; i++) {
            readers.add(new Reader(handler));
        }
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.socket().setTcpNoDelay(true);
            ByteBuffer leftover = handshake(channel, port, token);
            channel.write(ByteBuffer.wrap(maskedText(subscribe)));
            readers.get(i % selectors).add(channel, leftover);
        }
        readers.forEach(Reader::start);
    }

    /** What a benchmark does with each text message. */
    interface MessageHandler {
        void onText(String text, long receivedEpochNanos);
    }

    /** The wall-clock time now, in nanoseconds since the epoch (comparable across processes). */
    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static ByteBuffer handshake(SocketChannel channel, int port, String token) throws IOException {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET /ws?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        InputStream in = channel.socket().getInputStream();
        ByteBuffer received = ByteBuffer.allocate(16 * 1024);
        while (true) {
            int b = in.read(received.array(), received.position(), received.remaining());
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            received.position(received.position() + b);
            String text = new String(received.array(), 0, received.position(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                if (!text.startsWith("HTTP/1.1 101")) {
                    throw new IOException("handshake refused: " + text.lines().findFirst().orElse(""));
                }
                received.flip();
                received.position(end + 4);
                return received.slice();
            }
        }
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length >= 126) {
            throw new IllegalArgumentException("only short client messages");
        }
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** One selector thread reading its share of the sockets. */
    private static final class Reader extends Thread {
        private final Selector selector;
        private final MessageHandler handler;
        private final ConcurrentLinkedQueue<Object[]> pending = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;

        Reader(MessageHandler handler) throws IOException {
            super("lean-ws-reader");
            setDaemon(true);
            this.selector = Selector.open();
            this.handler = handler;
        }

        void add(SocketChannel channel, ByteBuffer leftover) {
            pending.add(new Object[] {channel, leftover});
        }

        @Override
        public void run() {
            try {
                while (running) {
                    for (Object[] next = pending.poll(); next != null; next = pending.poll()) {
                        SocketChannel channel = (SocketChannel) next[0];
                        channel.configureBlocking(false);
                        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                        buffer.put((ByteBuffer) next[1]);
                        channel.register(selector, SelectionKey.OP_READ, buffer);
                        drain(buffer, epochNanos());
                    }
                    selector.select(100);
                    long now = epochNanos();
                    for (SelectionKey key : selector.selectedKeys()) {
                        SocketChannel channel = (SocketChannel) key.channel();
                        ByteBuffer buffer = (ByteBuffer) key.attachment();
                        if (!buffer.hasRemaining()) {
                            throw new IllegalStateException("a frame larger than the read buffer");
                        }
                        if (channel.read(buffer) < 0) {
                            key.cancel();
                            continue;
                        }
                        drain(buffer, now);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                if (running) {
                    throw new IllegalStateException("reading WebSocket frames failed", e);
                }
            }
        }

        /** Hands over every whole frame in the buffer; keeps a partial one for the next read. */
        private void drain(ByteBuffer buffer, long receivedAt) {
            buffer.flip();
            while (buffer.remaining() >= 2) {
                int start = buffer.position();
                int opcode = buffer.get(start) & 0x0f;
                int length = buffer.get(start + 1) & 0x7f;
                int header = 2;
                if (length == 126) {
                    if (buffer.remaining() < 4) {
                        break;
                    }
                    length = buffer.getShort(start + 2) & 0xffff;
                    header = 4;
                } else if (length == 127) {
                    if (buffer.remaining() < 10) {
                        break;
                    }
                    length = (int) buffer.getLong(start + 2);
                    header = 10;
                }
                if (buffer.remaining() < header + length) {
                    break;
                }
                if (opcode == 1) {
                    handler.onText(new String(buffer.array(), start + header, length, StandardCharsets.UTF_8), receivedAt);
                }
                buffer.position(start + header + length);
            }
            buffer.compact();
        }

        void shutdown() {
            running = false;
            selector.wakeup();
        }
    }

    @Override
    public void close() throws IOException {
        for (Reader reader : readers) {
            reader.shutdown();
            for (SelectionKey key : reader.selector.keys()) {
                key.channel().close();
            }
        }
    }
}
