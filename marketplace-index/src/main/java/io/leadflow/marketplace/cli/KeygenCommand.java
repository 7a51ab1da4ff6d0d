package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.Ed25519;
import io.leadflow.marketplace.TrustedKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keygen}: a new Ed25519 key pair, for a root key or a signing key. */
@Command(name = "keygen", description = "Create an Ed25519 key pair: DIR/ID.private (mode 600) and DIR/ID.public.")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, description = "the folder to write the key files to")
    private Path out;

    @Option(names = "--key-id", required = true, description = "the key's id, e.g. root-2026 or signing-1")
    private String keyId;

    @Override
    public Integer call() {
        KeyPair pair = Ed25519.generate();
        TrustedKey publicKey = new TrustedKey(keyId, pair.getPublic());
        Path privateFile = out.resolve(keyId + KeyFiles.PRIVATE);
        Path publicFile = out.resolve(keyId + KeyFiles.PUBLIC);
        try {
            Files.createDirectories(out);
            // created with its mode, never readable by others even for a moment
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateFile, Ed25519.encode(pair.getPrivate()) + "\n", StandardCharsets.US_ASCII);
            Files.writeString(publicFile, publicKey.format() + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new ToolException(privateFile + " exists already; keygen never overwrites a key");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key files in " + out, e);
        }
        spec.commandLine().getOut().println("wrote " + privateFile + " (keep it secret) and " + publicFile);
        spec.commandLine().getOut().println(publicKey.format());
        return IndexTool.OK;
    }
}
