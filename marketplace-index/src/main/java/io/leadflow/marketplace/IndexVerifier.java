package io.leadflow.marketplace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether an index can be trusted: {@code keys.json} signed by a pinned root key, then
 * {@code index.json} signed by a listed key that is not revoked and whose window holds both the
 * index's {@code issuedAt} and now, both documents canonical and valid against their schemas,
 * not expired, and newer than any index seen before. Every refusal is an
 * {@link IndexRefusedException} naming its check.
 */
public final class IndexVerifier {
    private final Map<String, TrustedKey> roots = new LinkedHashMap<>();
    private final Clock clock;
    private final IndexJson json = new IndexJson();

    /**
     * @param roots the pinned root keys; at least one
     * @param clock the time expiry and key windows are judged at
     */
    public IndexVerifier(List<TrustedKey> roots, Clock clock) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("an index verifier needs at least one pinned root key");
        }
        roots.forEach(key -> this.roots.put(key.keyId(), key));
        this.clock = clock;
    }

    /**
     * Verifies the four files of an index location.
     *
     * @param files the bytes as read
     * @param highestSequenceSeen the highest sequence accepted before, or -1 if none; the index must be above it
     * @return the trusted content
     * @throws IndexRefusedException with check {@code signature}, {@code schema}, {@code expired} or {@code replayed}
     */
    public VerifiedIndex verify(IndexFiles files, long highestSequenceSeen) {
        DetachedSignature keysSignature = json.signature(files.keysSig(), IndexFiles.KEYS_SIG);
        TrustedKey root = roots.get(keysSignature.keyId());
        if (root == null) {
            throw signature("keys.json is signed by '" + keysSignature.keyId() + "', which is not a pinned root key (pinned: "
                    + String.join(", ", roots.keySet()) + ")");
        }
        if (!Ed25519.verify(root.publicKey(), files.keys(), keysSignature.sig())) {
            throw signature("keys.json does not match its signature by root key '" + root.keyId()
                    + "' (changed after signing, or signed by another key)");
        }
        KeyList keys = json.keys(files.keys());

        DetachedSignature indexSignature = json.signature(files.indexSig(), IndexFiles.INDEX_SIG);
        PublishedKey signer = keys.key(indexSignature.keyId()).orElseThrow(() -> signature(
                "index.json is signed by '" + indexSignature.keyId() + "', which keys.json does not list"));
        if (signer.revoked()) {
            throw signature("index.json is signed by key '" + signer.keyId() + "', which keys.json marks revoked");
        }
        PublicKey signerKey;
        try {
            signerKey = Ed25519.publicKey(signer.publicKey());
        } catch (IllegalArgumentException e) {
            throw signature("keys.json lists key '" + signer.keyId() + "' with an unusable public key: " + e.getMessage());
        }
        if (!Ed25519.verify(signerKey, files.index(), indexSignature.sig())) {
            throw signature("index.json does not match its signature by key '" + signer.keyId()
                    + "' (changed after signing, or signed by another key)");
        }
        IndexDocument index = json.index(files.index());

        Instant now = clock.instant();
        if (!signer.validAt(index.issuedAt()) || !signer.validAt(now)) {
            throw signature("key '" + signer.keyId() + "' may sign from " + signer.notBefore() + " to " + signer.notAfter()
                    + ", but the index was issued at " + index.issuedAt() + " and it is now " + now);
        }
        if (!now.isBefore(index.expiresAt())) {
            throw new IndexRefusedException(IndexRefusedException.EXPIRED, "the index expired at " + index.expiresAt()
                    + " (it is now " + now + "); the publisher must sign it again");
        }
        if (index.sequence() <= highestSequenceSeen) {
            throw new IndexRefusedException(IndexRefusedException.REPLAYED, "the index has sequence " + index.sequence()
                    + " but sequence " + highestSequenceSeen + " was already seen: an older index is being replayed");
        }
        return new VerifiedIndex(index.sequence(), index.issuedAt(), index.expiresAt(), index.plugins(),
                signer.keyId(), sha256(files.index()));
    }

    /**
     * Checks a downloaded artifact against its release entry.
     *
     * @throws IndexRefusedException with check {@code size} or {@code sha256}
     */
    public static void verifyArtifact(Path jar, IndexRelease release) {
        try {
            long size = Files.size(jar);
            if (size != release.size()) {
                throw new IndexRefusedException(IndexRefusedException.SIZE, "the artifact of " + release.version()
                        + " has " + size + " bytes but the index says " + release.size());
            }
            String actual = sha256(jar);
            if (!actual.equals(release.sha256())) {
                throw new IndexRefusedException(IndexRefusedException.SHA256, "the artifact of " + release.version()
                        + " has SHA-256 " + actual + " but the index says " + release.sha256());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** The SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of bytes, lower-case hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private static IndexRefusedException signature(String detail) {
        return new IndexRefusedException(IndexRefusedException.SIGNATURE, detail);
    }
}
