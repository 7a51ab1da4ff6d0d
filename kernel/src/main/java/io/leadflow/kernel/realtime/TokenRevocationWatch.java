package io.leadflow.kernel.realtime;

import io.leadflow.kernel.auth.TokenService;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket is authenticated once, at the handshake; this re-checks every open socket's token
 * a few times a second (one query for all of them) and closes, with 1008, each whose token was
 * revoked or expired or whose user was disabled — on this kernel or any other sharing the
 * database. While the database does not answer, nobody is closed: an outage is not a revocation.
 */
public final class TokenRevocationWatch implements AutoCloseable {
    static final String REASON = "token revoked or expired, or user disabled";
    private static final Logger LOG = LoggerFactory.getLogger(TokenRevocationWatch.class);

    private final ScheduledExecutorService timer;

    private TokenRevocationWatch(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static TokenRevocationWatch start(RealtimeHub hub, TokenService tokens, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ws-token-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> check(hub, tokens), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return new TokenRevocationWatch(timer);
    }

    private static void check(RealtimeHub hub, TokenService tokens) {
        Set<UUID> connected = hub.connectedTokens();
        if (connected.isEmpty()) {
            return;
        }
        try {
            hub.closeUnless(tokens.liveAmong(connected), REASON);
        } catch (RuntimeException e) {
            LOG.debug("Re-checking WebSocket tokens failed; trying again shortly", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
