package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.IndexDocument;
import io.leadflow.marketplace.IndexPlugin;
import io.leadflow.marketplace.IndexRelease;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code yank}: withdraws a release; it stays listed, so kernels that have it learn why. */
@Command(name = "yank", description = "Withdraw a release (kernels refuse to install it); sign afterwards.")
final class YankCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the index folder")
    private Path dir;

    @Parameters(index = "1", paramLabel = "ID", description = "the plugin id")
    private String id;

    @Parameters(index = "2", paramLabel = "VERSION", description = "the release's version")
    private String version;

    @Option(names = "--reason", required = true, description = "why, for the admins who see it")
    private String reason;

    @Override
    public Integer call() {
        IndexFolder folder = new IndexFolder(dir);
        IndexDocument index = folder.index();
        IndexPlugin plugin = index.plugin(id).orElseThrow(() -> new ToolException("the index has no plugin '" + id + "'"));
        plugin.release(version).orElseThrow(() -> new ToolException("the index has no " + id + " " + version));
        List<IndexRelease> releases = plugin.releases().stream()
                .map(release -> release.version().equals(version) ? release.yank(reason) : release).toList();
        folder.writeIndex(index.withPlugin(plugin.withReleases(releases)));
        spec.commandLine().getOut().println("yanked " + id + " " + version + "; sign the index to publish it");
        return IndexTool.OK;
    }
}
