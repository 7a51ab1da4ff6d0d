package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.DetachedSignature;
import io.leadflow.marketplace.Ed25519;
import io.leadflow.marketplace.IndexDocument;
import io.leadflow.marketplace.IndexFiles;
import io.leadflow.marketplace.IndexJson;
import io.leadflow.marketplace.KeyList;
import io.leadflow.marketplace.PublishedKey;
import io.leadflow.marketplace.TrustedKey;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keys}: writes {@code keys.json} (the keys that may sign the index) and signs it with a
 * root key. Keys already listed keep their window; rotating means adding the new key, and revoking
 * the old one once the index is signed with the new.
 */
@Command(name = "keys", description = "Write keys.json (merged with the listed keys) and sign it with a root key.")
final class KeysCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the index folder")
    private Path dir;

    @Option(names = "--root-key", required = true, description = "the root private key file (ID.private)")
    private Path rootKey;

    @Option(names = "--root-key-id", description = "the root key's id (default: the file name without .private)")
    private String rootKeyId;

    @Option(names = "--signing-public", description = "a signing public key file (ID.public) to list (repeatable)")
    private List<Path> signingKeys = new ArrayList<>();

    @Option(names = "--revoke", paramLabel = "KEY_ID", description = "mark a listed key revoked (repeatable)")
    private List<String> revoke = new ArrayList<>();

    @Option(names = "--not-before", description = "start of the new keys' window, ISO-8601 (default: now)")
    private Instant notBefore;

    @Option(names = "--valid-days", defaultValue = "365", description = "length of the new keys' window (default: ${DEFAULT-VALUE})")
    private long validDays;

    @Override
    public Integer call() {
        IndexFolder folder = new IndexFolder(dir);
        PrivateKey root = KeyFiles.privateKey(rootKey);
        String rootId = KeyFiles.keyId(rootKey, rootKeyId);
        Instant start = (notBefore == null ? Instant.now() : notBefore).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofDays(validDays));
        List<PublishedKey> keys = new ArrayList<>(folder.keys().map(KeyList::keys).orElse(List.of()));
        for (Path file : signingKeys) {
            TrustedKey key = KeyFiles.publicKey(file);
            if (keys.stream().noneMatch(listed -> listed.keyId().equals(key.keyId()))) {
                keys.add(new PublishedKey(key.keyId(), DetachedSignature.ED25519, Ed25519.encode(key.publicKey()),
                        start, end, false));
            }
        }
        for (String keyId : revoke) {
            int at = -1;
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).keyId().equals(keyId)) {
                    at = i;
                }
            }
            if (at < 0) {
                throw new ToolException("cannot revoke '" + keyId + "': keys.json does not list it");
            }
            keys.set(at, keys.get(at).revoke());
        }
        if (keys.isEmpty()) {
            throw new ToolException("keys.json would list no key; pass --signing-public ID.public");
        }
        byte[] bytes = new IndexJson().canonical(new KeyList(IndexDocument.SCHEMA_VERSION, keys));
        folder.writeSigned(IndexFiles.KEYS, bytes, new DetachedSignature(rootId, DetachedSignature.ED25519,
                Ed25519.sign(root, bytes)));
        for (PublishedKey key : keys) {
            spec.commandLine().getOut().println((key.revoked() ? "revoked " : "signing key ") + key.keyId() + " valid "
                    + key.notBefore() + " to " + key.notAfter());
        }
        spec.commandLine().getOut().println("wrote keys.json signed by root key " + rootId);
        return IndexTool.OK;
    }
}
