package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.Advisory;
import io.leadflow.marketplace.IndexDocument;
import io.leadflow.marketplace.IndexPlugin;
import io.leadflow.marketplace.IndexRelease;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code advise}: attaches a security advisory to a release. */
@Command(name = "advise", description = "Attach a security advisory to a release; sign afterwards.")
final class AdviseCommand implements Callable<Integer> {
    /** The severities the index schema allows. */
    enum Severity { low, moderate, high, critical }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the index folder")
    private Path dir;

    @Parameters(index = "1", paramLabel = "ID", description = "the plugin id")
    private String id;

    @Parameters(index = "2", paramLabel = "VERSION", description = "the affected release")
    private String version;

    @Option(names = "--advisory-id", required = true, description = "e.g. a CVE id")
    private String advisoryId;

    @Option(names = "--severity", required = true, description = "one of: ${COMPLETION-CANDIDATES}")
    private Severity severity;

    @Option(names = "--summary", required = true, description = "one sentence")
    private String summary;

    @Option(names = "--fixed-in", description = "the first version without the problem")
    private String fixedIn;

    @Override
    public Integer call() {
        IndexFolder folder = new IndexFolder(dir);
        IndexDocument index = folder.index();
        IndexPlugin plugin = index.plugin(id).orElseThrow(() -> new ToolException("the index has no plugin '" + id + "'"));
        plugin.release(version).orElseThrow(() -> new ToolException("the index has no " + id + " " + version));
        List<IndexRelease> releases = plugin.releases().stream().map(release -> {
            if (!release.version().equals(version)) {
                return release;
            }
            List<Advisory> advisories = new ArrayList<>(release.advisories());
            advisories.add(new Advisory(advisoryId, severity.name(), summary, fixedIn));
            return new IndexRelease(release.version(), release.requires(), release.apiImports(), release.artifact(),
                    release.size(), release.sha256(), release.yanked(), release.yankedReason(), advisories);
        }).toList();
        folder.writeIndex(index.withPlugin(plugin.withReleases(releases)));
        spec.commandLine().getOut().println("added advisory " + advisoryId + " to " + id + " " + version
                + "; sign the index to publish it");
        return IndexTool.OK;
    }
}
