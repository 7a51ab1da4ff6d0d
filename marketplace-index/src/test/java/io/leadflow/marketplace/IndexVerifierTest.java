package io.leadflow.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class IndexVerifierTest {
    private final TestIndex test = new TestIndex();
    private final IndexVerifier verifier = verifierAt(TestIndex.NOW);

    private IndexVerifier verifierAt(Instant now) {
        return new IndexVerifier(List.of(test.rootKey()), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static AbstractThrowableAssert<?, ?> refused(Runnable call, String check) {
        return assertThatThrownBy(call::run).isInstanceOf(IndexRefusedException.class)
                .satisfies(e -> assertThat(((IndexRefusedException) e).check()).isEqualTo(check));
    }

    @Test
    void aValidIndexIsTrusted() {
        IndexFiles files = test.files(TestIndex.document(3));
        VerifiedIndex index = verifier.verify(files, 2);
        assertThat(index.sequence()).isEqualTo(3);
        assertThat(index.signedBy()).isEqualTo("signing-1");
        assertThat(index.sha256()).isEqualTo(IndexVerifier.sha256(files.index()));
        IndexRelease release = index.plugin("acme").orElseThrow().release("1.0.0").orElseThrow();
        assertThat(release.advisories()).extracting(Advisory::id).containsExactly("LFSA-1");
        assertThat(release.apiImports()).containsExactly("io.leadflow.api;version=\"[1.0,2)\"");
    }

    @Test
    void tamperedIndexBytesAreRefusedAsSignature() {
        IndexFiles files = test.files(TestIndex.document(3));
        byte[] tampered = new String(files.index(), StandardCharsets.UTF_8).replace("\"Acme\"", "\"Acmf\"")
                .getBytes(StandardCharsets.UTF_8);
        refused(() -> verifier.verify(new IndexFiles(tampered, files.indexSig(), files.keys(), files.keysSig()), -1),
                "signature").hasMessageContaining("does not match its signature");
    }

    @Test
    void anIndexSignedByTheWrongKeyIsRefused() {
        KeyPair other = Ed25519.generate();
        byte[] index = test.json.canonical(TestIndex.document(3));
        refused(() -> verifier.verify(test.files(index, "signing-1", other), -1), "signature");
    }

    @Test
    void anUnknownKeyIdIsRefused() {
        byte[] index = test.json.canonical(TestIndex.document(3));
        refused(() -> verifier.verify(test.files(index, "stranger", test.signing), -1), "signature")
                .hasMessageContaining("'stranger', which keys.json does not list");
    }

    @Test
    void aKeyListNotSignedByAPinnedRootIsRefused() {
        IndexFiles files = test.files(TestIndex.document(3));
        byte[] foreign = test.sig("root", Ed25519.generate(), files.keys());
        refused(() -> verifier.verify(new IndexFiles(files.index(), files.indexSig(), files.keys(), foreign), -1),
                "signature").hasMessageContaining("keys.json does not match");
        byte[] unknownRoot = test.sig("other-root", test.root, files.keys());
        refused(() -> verifier.verify(new IndexFiles(files.index(), files.indexSig(), files.keys(), unknownRoot), -1),
                "signature").hasMessageContaining("not a pinned root key");
    }

    @Test
    void aTamperedKeyListIsRefused() {
        IndexFiles files = test.files(TestIndex.document(3));
        KeyPair attacker = Ed25519.generate();
        test.keys.add(TestIndex.key("attacker", attacker, TestIndex.NOW.minus(1, ChronoUnit.DAYS),
                TestIndex.NOW.plus(1, ChronoUnit.DAYS), false));
        byte[] addedKey = test.keysBytes();
        refused(() -> verifier.verify(new IndexFiles(files.index(), files.indexSig(), addedKey, files.keysSig()), -1),
                "signature");
    }

    @Test
    void aRevokedKeyIsRefused() {
        test.keys.set(0, test.keys.get(0).revoke());
        refused(() -> verifier.verify(test.files(TestIndex.document(3)), -1), "signature").hasMessageContaining("revoked");
    }

    @Test
    void aRotatedKeyListedInKeysJsonIsTrustedAndTheOldOneRefused() {
        KeyPair next = Ed25519.generate();
        test.keys.set(0, test.keys.get(0).revoke());
        test.keys.add(TestIndex.key("signing-2", next, TestIndex.NOW.minus(1, ChronoUnit.DAYS),
                TestIndex.NOW.plus(90, ChronoUnit.DAYS), false));
        byte[] index = test.json.canonical(TestIndex.document(4));
        assertThat(verifier.verify(test.files(index, "signing-2", next), 3).signedBy()).isEqualTo("signing-2");
        refused(() -> verifier.verify(test.files(index, "signing-1", test.signing), 3), "signature");
    }

    @Test
    void aKeyOutsideItsWindowIsRefused() {
        IndexFiles files = test.files(TestIndex.document(3));
        refused(() -> verifierAt(TestIndex.NOW.plus(31, ChronoUnit.DAYS)).verify(files, -1), "signature")
                .hasMessageContaining("may sign from");
        IndexDocument backdated = TestIndex.document(3, TestIndex.NOW.minus(60, ChronoUnit.DAYS),
                TestIndex.NOW.plus(1, ChronoUnit.DAYS));
        refused(() -> verifier.verify(test.files(backdated), -1), "signature");
    }

    @Test
    void anExpiredIndexIsRefused() {
        IndexDocument document = TestIndex.document(3, TestIndex.NOW.minus(2, ChronoUnit.DAYS),
                TestIndex.NOW.minus(1, ChronoUnit.SECONDS));
        refused(() -> verifier.verify(test.files(document), -1), "expired").hasMessageContaining("expired at");
    }

    @Test
    void aReplayedIndexIsRefused() {
        IndexFiles files = test.files(TestIndex.document(3));
        refused(() -> verifier.verify(files, 3), "replayed");
        refused(() -> verifier.verify(files, 7), "replayed").hasMessageContaining("sequence 7 was already seen");
        assertThat(verifier.verify(files, 2).sequence()).isEqualTo(3);
    }

    @Test
    void aSignedButNonCanonicalIndexIsRefusedAsSchema() {
        byte[] pretty = ("{\n  " + new String(test.json.canonical(TestIndex.document(3)), StandardCharsets.UTF_8)
                .substring(1)).getBytes(StandardCharsets.UTF_8);
        refused(() -> verifier.verify(test.files(pretty, "signing-1", test.signing), -1), "schema")
                .hasMessageContaining("canonical");
    }

    @Test
    void aSignedIndexThatBreaksTheSchemaIsRefusedAsSchema() {
        byte[] noPlugins = "{\"expiresAt\":\"2027-01-01T00:00:00Z\",\"issuedAt\":\"2026-12-07T09:00:00Z\",\"schemaVersion\":1,\"sequence\":3}"
                .getBytes(StandardCharsets.UTF_8);
        refused(() -> verifier.verify(test.files(noPlugins, "signing-1", test.signing), -1), "schema")
                .hasMessageContaining("plugins");
        IndexRelease badHash = new IndexRelease("1.0.0", "*", List.of(), "a.jar", 10, "XYZ", false, null, List.of());
        IndexDocument document = new IndexDocument(1, 3, TestIndex.NOW.minus(1, ChronoUnit.HOURS), TestIndex.NOW.plus(1,
                ChronoUnit.DAYS), List.of(new IndexPlugin("acme", "Acme", null, null, null, null, List.of(), List.of(badHash))));
        refused(() -> verifier.verify(test.files(document), -1), "schema").hasMessageContaining("sha256");
        IndexPlugin plugin = TestIndex.document(3).plugins().get(0);
        IndexDocument twice = new IndexDocument(1, 3, TestIndex.NOW.minus(1, ChronoUnit.HOURS),
                TestIndex.NOW.plus(1, ChronoUnit.DAYS), List.of(plugin, plugin));
        refused(() -> verifier.verify(test.files(twice), -1), "schema").hasMessageContaining("twice");
    }

    @Test
    void aMalformedSignatureFileIsRefusedAsSchema() {
        IndexFiles files = test.files(TestIndex.document(3));
        byte[] rsa = "{\"alg\":\"RS256\",\"keyId\":\"signing-1\",\"sig\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
        refused(() -> verifier.verify(new IndexFiles(files.index(), rsa, files.keys(), files.keysSig()), -1), "schema");
        refused(() -> verifier.verify(new IndexFiles(files.index(), "not json".getBytes(StandardCharsets.UTF_8),
                files.keys(), files.keysSig()), -1), "schema").hasMessageContaining("not JSON");
    }

    @Test
    void theCanonicalFormIsStableAndSortsMembers() {
        String text = new String(test.json.canonical(TestIndex.document(3)), StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"expiresAt\":\"2026-12-14T10:00:00Z\",\"issuedAt\":\"2026-12-07T09:00:00Z\",\"plugins\":[");
        assertThat(text).doesNotContain("yankedReason").doesNotContain("\"icon\"").doesNotContain("\n");
        assertThat(test.json.index(test.json.canonical(TestIndex.document(3)))).isEqualTo(TestIndex.document(3));
    }
}
