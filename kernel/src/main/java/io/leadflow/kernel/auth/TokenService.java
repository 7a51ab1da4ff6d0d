package io.leadflow.kernel.auth;

import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues, checks and revokes bearer tokens. A token is {@code lf_} followed by 256 random bits; only
 * its SHA-256 is stored (a slow hash buys nothing for a secret this long), so a database dump
 * reveals no usable token. Every check reads the database, so a revocation takes effect at once.
 */
public final class TokenService {
    static final String PREFIX = "lf_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final AuditLog audit;

    public TokenService(Store store, AuditLog audit) {
        this.store = store.register(TokenMapper.class).register(UserMapper.class);
        this.audit = audit;
    }

    /** The caller a presented token stands for, or empty if it is unknown, revoked or expired. */
    public Optional<Caller> authenticate(String presented, String clientAddress) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        TokenRow row = store.inTransaction(TokenMapper.class, mapper -> mapper.findLive(hash(presented)));
        if (row == null) {
            return Optional.empty();
        }
        return Optional.of(new Caller(row.userId, row.username, row.effectiveRole(), row.id, clientAddress));
    }

    /**
     * Which of {@code tokenIds} are still live: not revoked, not expired, their user not disabled.
     * One query for any number of ids, so open WebSockets can be re-checked several times a second.
     */
    public Set<UUID> liveAmong(java.util.Collection<UUID> tokenIds) {
        if (tokenIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(store.inTransaction(TokenMapper.class, mapper -> mapper.findLiveIds(tokenIds)));
    }

    /** A new token for {@code user}, audited; the secret is returned this once and never again. */
    public IssuedToken issue(Caller issuer, UUID userId, String kind, String name, Role role, Instant expiresAt) {
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        TokenRow row = new TokenRow();
        row.id = UUID.randomUUID();
        row.userId = userId;
        row.kind = kind;
        row.name = name;
        row.secretHash = hash(secret);
        row.hint = secret.substring(0, PREFIX.length() + 4);
        row.role = role == null ? null : role.id();
        row.expiresAt = expiresAt;
        ApiToken token = store.inTransaction(session -> {
            TokenMapper tokens = session.getMapper(TokenMapper.class);
            tokens.insert(row);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("kind", kind);
            detail.put("name", name);
            if (expiresAt != null) {
                detail.put("expiresAt", expiresAt.toString());
            }
            if (role != null) {
                detail.put("role", role.id());
            }
            audit.record(session, AuditEntry.of(issuer.actor(), "token.created", AuditEntry.SUCCESS,
                    "token", row.id.toString(), detail));
            return tokens.findById(row.id).toToken();
        });
        return new IssuedToken(token, secret);
    }

    public List<ApiToken> list(UUID userId, boolean includeInactive) {
        return store.inTransaction(TokenMapper.class, mapper -> mapper.find(userId, includeInactive))
                .stream().map(TokenRow::toToken).toList();
    }

    /**
     * Revokes a token. Callers may revoke their own; an admin may revoke anyone's. Anything else is
     * reported as not found, so token ids of other users cannot be probed.
     */
    public void revoke(Caller caller, UUID tokenId) {
        store.inTransaction(session -> {
            TokenMapper tokens = session.getMapper(TokenMapper.class);
            TokenRow row = tokens.findById(tokenId);
            if (row == null || row.revokedAt != null
                    || (!row.userId.equals(caller.userId()) && !caller.has(Role.ADMIN))) {
                throw ProblemException.notFound("token", tokenId.toString());
            }
            tokens.revoke(tokenId);
            audit.record(session, AuditEntry.of(caller.actor(), "token.revoked", AuditEntry.SUCCESS,
                    "token", tokenId.toString(), Map.of("kind", row.kind, "name", row.name,
                            "owner", row.username)));
            return null;
        });
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A token just issued, with its secret. */
    public record IssuedToken(ApiToken token, String secret) {
    }
}
