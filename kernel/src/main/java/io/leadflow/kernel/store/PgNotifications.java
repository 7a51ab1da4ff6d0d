package io.leadflow.kernel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN/NOTIFY between kernel processes sharing one database: wake-up hints and live
 * events. A NOTIFY takes a lock that serialises commits, so it is never sent inside a hot
 * transaction: one sender thread sends queued notifications in their own tiny transactions. A
 * notification is a hint, never the only way something is learnt (it is lost if nobody listens).
 */
public final class PgNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifications.class);
    /** PostgreSQL refuses payloads of 8000 bytes or more. */
    public static final int MAX_PAYLOAD_BYTES = 7_900;

    private record Outgoing(String channel, String payload) {
    }

    private final DataSource dataSource;
    private final Map<String, Consumer<String>> listeners = new ConcurrentHashMap<>();
    private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>(100_000);
    private final Thread listener;
    private final Thread sender;
    private volatile boolean running = true;
    /** Channels to LISTEN on that the listening thread has not subscribed yet; only it touches its connection. */
    private final java.util.Queue<String> newChannels = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public PgNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
        this.listener = new Thread(this::listenLoop, "pg-listen");
        this.sender = new Thread(this::sendLoop, "pg-notify");
        listener.setDaemon(true);
        sender.setDaemon(true);
        listener.start();
        sender.start();
    }

    /** Calls {@code onPayload} (on the listening thread; keep it short) for every notification on the channel. */
    public void listen(String channel, Consumer<String> onPayload) {
        if (!channel.matches("[a-z_]{1,60}")) {
            throw new IllegalArgumentException("channel names are lower case letters and underscores: " + channel);
        }
        listeners.put(channel, onPayload);
        newChannels.add(channel);
    }

    /** Queues a notification; dropped (it is a hint) if the queue is full or the payload too large. */
    public void notify(String channel, String payload) {
        if (payload.length() * 3 < MAX_PAYLOAD_BYTES
                || payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MAX_PAYLOAD_BYTES) {
            outgoing.offer(new Outgoing(channel, payload));
        }
    }

    private void listenLoop() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                newChannels.clear();
                try (Statement statement = connection.createStatement()) {
                    for (String channel : listeners.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    // a connection is not for two threads: channels added meanwhile are subscribed here
                    String added;
                    while ((added = newChannels.poll()) != null) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("LISTEN " + added);
                        }
                    }
                    PGNotification[] received = postgres.getNotifications(200);
                    if (received == null) {
                        continue;
                    }
                    for (PGNotification notification : received) {
                        Consumer<String> handler = listeners.get(notification.getName());
                        if (handler != null) {
                            try {
                                handler.accept(notification.getParameter());
                            } catch (RuntimeException e) {
                                LOG.warn("Handling a notification on {} failed", notification.getName(), e);
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("Listening for notifications failed ({}); reconnecting", e.getMessage());
                    sleep(1_000);
                }
            }
        }
    }

    private void sendLoop() {
        while (running) {
            try {
                Outgoing first = outgoing.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                try (Connection connection = dataSource.getConnection();
                     PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                    connection.setAutoCommit(true);
                    Outgoing next = first;
                    while (next != null) {
                        statement.setString(1, next.channel());
                        statement.setString(2, next.payload());
                        statement.execute();
                        next = outgoing.poll();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Sending a notification failed: {}", e.getMessage());
                    sleep(500);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            sender.join(2_000);
            listener.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
