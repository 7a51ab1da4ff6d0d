package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.DetachedSignature;
import io.leadflow.marketplace.Ed25519;
import io.leadflow.marketplace.IndexDocument;
import io.leadflow.marketplace.IndexFiles;
import io.leadflow.marketplace.IndexJson;
import io.leadflow.marketplace.PublishedKey;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sign}: re-issues the index — the next sequence, a new validity window — and writes its
 * canonical bytes with their signature. The signing key must be listed in {@code keys.json}, not
 * revoked and valid now, or kernels would refuse the result.
 */
@Command(name = "sign", description = "Bump the sequence, set issuedAt/expiresAt and sign index.json.")
final class SignCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the index folder")
    private Path dir;

    @Option(names = "--key", required = true, description = "the signing private key file (ID.private)")
    private Path key;

    @Option(names = "--key-id", description = "the signing key's id (default: the file name without .private)")
    private String keyId;

    @Option(names = "--valid-days", defaultValue = "7", description = "days until the index expires (default: ${DEFAULT-VALUE})")
    private long validDays;

    @Option(names = "--issued-at", description = "the issue instant, ISO-8601 (default: now)")
    private Instant issuedAt;

    @Override
    public Integer call() {
        IndexFolder folder = new IndexFolder(dir);
        PrivateKey privateKey = KeyFiles.privateKey(key);
        String id = KeyFiles.keyId(key, keyId);
        Instant issued = (issuedAt == null ? Instant.now() : issuedAt).truncatedTo(ChronoUnit.SECONDS);
        PublishedKey listed = folder.keys().orElseThrow(() -> new ToolException(dir + " has no keys.json; run "
                        + "`leadflow-index keys` first")).key(id)
                .orElseThrow(() -> new ToolException("keys.json does not list key '" + id + "'; kernels would refuse the index"));
        if (listed.revoked() || !listed.validAt(issued)) {
            throw new ToolException("key '" + id + "' is " + (listed.revoked() ? "revoked" : "valid only from "
                    + listed.notBefore() + " to " + listed.notAfter()) + "; kernels would refuse the index");
        }
        IndexDocument current = folder.index();
        IndexDocument next = current.issued(current.sequence() + 1, issued, issued.plus(Duration.ofDays(validDays)));
        byte[] bytes = new IndexJson().canonical(next);
        folder.writeSigned(IndexFiles.INDEX, bytes, new DetachedSignature(id, DetachedSignature.ED25519,
                Ed25519.sign(privateKey, bytes)));
        spec.commandLine().getOut().println("signed index.json with " + id + ": sequence " + next.sequence()
                + ", issued " + next.issuedAt() + ", expires " + next.expiresAt() + ", " + next.plugins().size() + " plugins");
        return IndexTool.OK;
    }
}
