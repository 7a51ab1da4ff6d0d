package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.IndexDocument;
import io.leadflow.marketplace.IndexFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code init}: an empty index, sequence 0, in a new or empty folder. */
@Command(name = "init", description = "Create an empty index (sequence 0) in DIR.")
final class InitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the index folder")
    private Path dir;

    @Override
    public Integer call() {
        if (Files.exists(dir.resolve(IndexFiles.INDEX))) {
            throw new ToolException(dir.resolve(IndexFiles.INDEX) + " exists already");
        }
        new IndexFolder(dir).writeIndex(IndexDocument.empty(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        spec.commandLine().getOut().println("created an empty index in " + dir + "; add plugins, then sign it");
        return IndexTool.OK;
    }
}
