package io.leadflow.marketplace;

import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Builds signed index files in a test with the library's own encoding and signing. */
final class TestIndex {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    final IndexJson json = new IndexJson();
    final KeyPair root = Ed25519.generate();
    final KeyPair signing = Ed25519.generate();
    final List<PublishedKey> keys = new ArrayList<>();

    TestIndex() {
        keys.add(key("signing-1", signing, NOW.minus(30, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS), false));
    }

    TrustedKey rootKey() {
        return new TrustedKey("root", root.getPublic());
    }

    static PublishedKey key(String id, KeyPair pair, Instant notBefore, Instant notAfter, boolean revoked) {
        return new PublishedKey(id, "Ed25519", Ed25519.encode(pair.getPublic()), notBefore, notAfter, revoked);
    }

    static IndexRelease release(String version) {
        return new IndexRelease(version, ">=0.1.0", List.of("io.leadflow.api;version=\"[1.0,2)\""),
                "artifacts/acme-" + version + ".jar", 1234, "0".repeat(64), false, null,
                List.of(new Advisory("LFSA-1", "high", "leaks a token", "1.0.1")));
    }

    static IndexDocument document(long sequence, Instant issuedAt, Instant expiresAt) {
        IndexPlugin plugin = new IndexPlugin("acme", "Acme", "Sends things", "Acme Ltd", "https://acme.example",
                null, List.of("messaging"), List.of(release("1.0.0")));
        return new IndexDocument(1, sequence, issuedAt, expiresAt, List.of(plugin));
    }

    static IndexDocument document(long sequence) {
        return document(sequence, NOW.minus(1, ChronoUnit.HOURS), NOW.plus(7, ChronoUnit.DAYS));
    }

    byte[] keysBytes() {
        return json.canonical(new KeyList(1, keys));
    }

    byte[] sig(String keyId, KeyPair pair, byte[] bytes) {
        return json.canonical(new DetachedSignature(keyId, "Ed25519", Ed25519.sign(pair.getPrivate(), bytes)));
    }

    /** The four files: index signed by signing-1, keys by the root. */
    IndexFiles files(IndexDocument document) {
        return files(json.canonical(document), "signing-1", signing);
    }

    IndexFiles files(byte[] index, String keyId, KeyPair signer) {
        byte[] keyBytes = keysBytes();
        return new IndexFiles(index, sig(keyId, signer, index), keyBytes, sig("root", root, keyBytes));
    }
}
