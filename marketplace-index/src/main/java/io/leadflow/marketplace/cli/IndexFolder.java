package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.DetachedSignature;
import io.leadflow.marketplace.IndexDocument;
import io.leadflow.marketplace.IndexFiles;
import io.leadflow.marketplace.IndexJson;
import io.leadflow.marketplace.KeyList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A publisher's index folder: {@code index.json} (edited by add and yank, unsigned until sign),
 * {@code keys.json}, their signatures and {@code artifacts/}. Every write is whole-file and atomic,
 * so a web server never serves half a document.
 */
final class IndexFolder {
    static final String ARTIFACTS = "artifacts";

    private final Path dir;
    private final IndexJson json = new IndexJson();

    IndexFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    IndexDocument index() {
        Path file = dir.resolve(IndexFiles.INDEX);
        if (!Files.isRegularFile(file)) {
            throw new ToolException(dir + " has no " + IndexFiles.INDEX + "; run `leadflow-index init " + dir + "` first");
        }
        return json.index(read(file));
    }

    Optional<KeyList> keys() {
        Path file = dir.resolve(IndexFiles.KEYS);
        return Files.isRegularFile(file) ? Optional.of(json.keys(read(file))) : Optional.empty();
    }

    /** Writes the index unsigned: its old signature no longer matches, so it is removed. */
    byte[] writeIndex(IndexDocument index) {
        byte[] bytes = json.canonical(index);
        write(dir.resolve(IndexFiles.INDEX), bytes);
        try {
            Files.deleteIfExists(dir.resolve(IndexFiles.INDEX_SIG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    void writeSigned(String name, byte[] bytes, DetachedSignature signature) {
        write(dir.resolve(name), bytes);
        write(dir.resolve(name + ".sig"), json.canonical(signature));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
