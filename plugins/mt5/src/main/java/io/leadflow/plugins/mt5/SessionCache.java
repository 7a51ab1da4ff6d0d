package io.leadflow.plugins.mt5;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logged-in terminal sessions, reused per account: the browser storage state (cookies, local
 * storage) of a context that logged in, so the next read of the same account opens a fresh
 * context already logged in instead of logging in again. Memory only (a session is as good as a
 * password, so it is never written to disk), at most {@value #MAX_SESSIONS} sessions, each for
 * the configured time to live; gone when the plugin stops.
 */
final class SessionCache {
    static final int MAX_SESSIONS = 1000;

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Stored> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    SessionCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The stored session of an account, if it has one that has not expired. */
    synchronized Optional<String> get(String key) {
        Stored stored = sessions.get(key);
        if (stored == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(stored.expires())) {
            sessions.remove(key);
            return Optional.empty();
        }
        return Optional.of(stored.storageState());
    }

    /** Keeps an account's session; does nothing when reuse is disabled (a zero time to live). */
    synchronized void put(String key, String storageState) {
        if (ttl.isZero() || ttl.isNegative() || storageState == null) {
            return;
        }
        sessions.put(key, new Stored(storageState, clock.instant().plus(ttl)));
    }

    /** Forgets an account's session, e.g. after the terminal refused the account. */
    synchronized void remove(String key) {
        sessions.remove(key);
    }

    /** Forgets every session. */
    synchronized void clear() {
        sessions.clear();
    }

    /** @return how many sessions are stored */
    synchronized int size() {
        return sessions.size();
    }

    private record Stored(String storageState, Instant expires) {
    }
}
