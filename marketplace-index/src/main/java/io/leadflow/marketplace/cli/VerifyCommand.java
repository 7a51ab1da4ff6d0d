package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.IndexPlugin;
import io.leadflow.marketplace.IndexRelease;
import io.leadflow.marketplace.IndexSource;
import io.leadflow.marketplace.IndexVerifier;
import io.leadflow.marketplace.TrustedKey;
import io.leadflow.marketplace.VerifiedIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify}: checks an index folder or URL exactly as a kernel pinning these root keys will. */
@Command(name = "verify", description = "Verify an index (folder or URL) as the kernel will; optionally every artifact.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR|URL", description = "the index location")
    private String location;

    @Option(names = "--root-public", required = true, description = "a pinned root public key file (ID.public; repeatable)")
    private List<Path> roots;

    @Option(names = "--after-sequence", defaultValue = "-1", description = "refuse an index whose sequence is not above this")
    private long afterSequence;

    @Option(names = "--artifacts", description = "also download every release that is not yanked and check its size and SHA-256")
    private boolean artifacts;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<TrustedKey> pinned = roots.stream().map(KeyFiles::publicKey).toList();
        IndexSource source = IndexSource.of(location, Duration.ofSeconds(30));
        VerifiedIndex index = new IndexVerifier(pinned, Clock.systemUTC()).verify(source.load(), afterSequence);
        out.println("index at " + location + " verified: sequence " + index.sequence() + ", signed by " + index.signedBy()
                + ", issued " + index.issuedAt() + ", expires " + index.expiresAt() + ", " + index.plugins().size() + " plugins");
        if (artifacts) {
            Path temp = Files.createTempFile("leadflow-index-", ".jar");
            try {
                for (IndexPlugin plugin : index.plugins()) {
                    for (IndexRelease release : plugin.releases()) {
                        if (!release.yanked()) {
                            source.download(release, temp, bytes -> { });
                            IndexVerifier.verifyArtifact(temp, release);
                            out.println("  " + plugin.id() + " " + release.version() + ": size and sha256 match");
                        }
                    }
                }
            } finally {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return IndexTool.OK;
    }
}
