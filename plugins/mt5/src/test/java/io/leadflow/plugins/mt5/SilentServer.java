package io.leadflow.plugins.mt5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A terminal that never loads: it accepts connections on 127.0.0.1 and never answers a byte, like
 * a host behind a broken load balancer (test code only).
 */
final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    held.add(socket.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-terminal");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI terminalUrl() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/terminal");
    }

    /** @return how many connections it accepted (and left unanswered) */
    int accepted() {
        return held.size();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : held) {
            connection.close();
        }
    }
}
