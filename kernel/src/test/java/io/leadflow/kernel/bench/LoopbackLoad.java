package io.leadflow.kernel.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lean HTTP/1.1 load generator for the benchmarks: a fixed set of keep-alive connections on
 * loopback, one thread each, writing a prepared request and reading the answer by its
 * Content-Length. It costs far less CPU than {@code java.net.http.HttpClient}, which matters when
 * the generator shares two cores with the kernel it measures.
 *
 * <p>Open loop: requests are due at a fixed rate whatever the answers do, and latency counts from
 * when a request was due, so a slow server is not hidden by a generator that waits for it.
 */
final class LoopbackLoad {
    private final int port;
    private final String path;
    private final int expectedStatus;

    LoopbackLoad(int port, String path, int expectedStatus) {
        this.port = port;
        this.path = path;
        this.expectedStatus = expectedStatus;
    }

    /** What one run measured. */
    record Result(int requests, int failures, double seconds, List<Long> latencyNanos, long[] latencyByDue) {
        Result(int requests, int failures, double seconds, List<Long> latencyNanos) {
            this(requests, failures, seconds, latencyNanos, new long[0]);
        }

        double perSecond() {
            return requests / seconds;
        }

        /** Open loop: the slowest answer (ms) among the requests due in each {@code windowMillis}, in order. */
        String slowestPerWindow(int windowMillis) {
            if (latencyByDue.length == 0) {
                return "";
            }
            int perWindow = Math.max(1, (int) (latencyByDue.length / seconds * windowMillis / 1000));
            StringBuilder line = new StringBuilder();
            for (int from = 0; from < latencyByDue.length; from += perWindow) {
                long max = 0;
                for (int i = from; i < Math.min(latencyByDue.length, from + perWindow); i++) {
                    max = Math.max(max, latencyByDue[i]);
                }
                line.append(line.length() == 0 ? "" : " ").append(TimeUnit.NANOSECONDS.toMillis(max));
            }
            return line.toString();
        }
    }

    /** Each connection sends its next request as soon as its previous one is answered. */
    Result closedLoop(int requests, int connections) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        runConnections(connections, connection -> {
            int i;
            while ((i = next.getAndIncrement()) < requests) {
                long sent = System.nanoTime();
                if (!connection.exchange(i)) {
                    failures.incrementAndGet();
                }
                latencies.add(System.nanoTime() - sent);
            }
        });
        return new Result(requests, failures.get(), (System.nanoTime() - start) / 1e9, new ArrayList<>(latencies));
    }

    /** Requests fall due {@code perSecond} times a second for {@code seconds}; idle connections take them. */
    Result openLoop(int perSecond, int seconds, int connections) throws InterruptedException {
        int total = perSecond * seconds;
        BlockingQueue<Integer> due = new ArrayBlockingQueue<>(total + connections);
        long[] byDue = new long[total];
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        Thread pacer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                long at = start + i * interval;
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                due.add(i);
            }
            for (int i = 0; i < connections; i++) {
                due.add(-1);
            }
        }, "load-pacer");
        pacer.start();
        runConnections(connections, connection -> {
            while (true) {
                int index = due.take();
                if (index < 0) {
                    return;
                }
                long at = start + index * interval;
                if (!connection.exchange(counter.getAndIncrement())) {
                    failures.incrementAndGet();
                }
                long latency = System.nanoTime() - at;
                latencies.add(latency);
                byDue[index] = latency;
            }
        });
        pacer.join();
        return new Result(total, failures.get(), (System.nanoTime() - start) / 1e9, new ArrayList<>(latencies), byDue);
    }

    private interface Work {
        void run(Connection connection) throws Exception;
    }

    private void runConnections(int connections, Work work) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(() -> {
                try (Connection connection = new Connection()) {
                    work.run(connection);
                } catch (Exception e) {
                    throw new IllegalStateException("load connection failed", e);
                }
            }, "load-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(10));
        }
    }

    /** One keep-alive connection; reconnects after an answer that closes it. */
    private final class Connection implements AutoCloseable {
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        boolean exchange(int i) throws IOException {
            if (socket == null) {
                socket = new Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream(), 8192);
            }
            byte[] body = ("{\"email\":\"LEAD" + i + "@EXAMPLE.COM\"}").getBytes(StandardCharsets.US_ASCII);
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = -1;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(header.substring(colon + 1).trim());
                } else if (name.equalsIgnoreCase("Connection") && header.toLowerCase().contains("close")) {
                    close = true;
                }
            }
            if (length < 0) {
                throw new IOException("answer without Content-Length: " + statusLine);
            }
            in.readNBytes(length);
            if (close) {
                close();
            }
            return status == expectedStatus;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }
}
