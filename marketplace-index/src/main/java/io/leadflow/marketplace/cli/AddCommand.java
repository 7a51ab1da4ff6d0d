package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.IndexDocument;
import io.leadflow.marketplace.IndexPlugin;
import io.leadflow.marketplace.IndexRelease;
import io.leadflow.plugincheck.ApiPackages;
import io.leadflow.plugincheck.PluginArchive;
import io.leadflow.plugincheck.PluginArchiveInspector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pf4j.DefaultVersionManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code add}: lists a plugin jar as a new release. The jar first passes the kernel's own install
 * checks (plugin-check), so a release the kernel would refuse is never published.
 */
@Command(name = "add", description = "Add a plugin jar as a release (refused if the kernel would refuse it); sign afterwards.")
final class AddCommand implements Callable<Integer> {
    /** Above this size the copy reports its progress. */
    static final long PROGRESS_THRESHOLD = 4L * 1024 * 1024;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the index folder")
    private Path dir;

    @Parameters(index = "1", paramLabel = "JAR", description = "the plugin jar")
    private Path jar;

    @Option(names = "--artifact-url", description = "where the jar is published; by default it is copied to DIR/artifacts/")
    private String artifactUrl;

    @Option(names = "--name", description = "the name shown in the marketplace (default: the plugin id)")
    private String name;

    @Option(names = "--description", description = "one paragraph")
    private String description;

    @Option(names = "--author", description = "who publishes it")
    private String author;

    @Option(names = "--homepage", description = "a URL")
    private String homepage;

    @Option(names = "--icon", description = "a URL or an icon name")
    private String icon;

    @Option(names = "--category", description = "a marketplace category (repeatable)")
    private List<String> categories;

    @Option(names = "--kernel-version", description = "the LeadFlow version whose checks the jar must pass "
            + "(default: this tool's own version)")
    private String kernelVersion;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(jar)) {
            throw new ToolException("no such jar: " + jar);
        }
        IndexFolder folder = new IndexFolder(dir);
        IndexDocument index = folder.index();
        String version = kernelVersion == null || kernelVersion.isBlank() ? ToolVersion.current() : kernelVersion;
        PluginArchive archive = new PluginArchiveInspector(ApiPackages.ofRunningKernel(), new DefaultVersionManager(),
                version.replaceFirst("-.*$", "")).inspect(jar);
        IndexPlugin existing = index.plugin(archive.id()).orElse(null);
        if (existing != null && existing.release(archive.version()).isPresent()) {
            throw new ToolException(archive.id() + " " + archive.version() + " is already listed; a published release "
                    + "never changes (yank it and publish a new version)");
        }
        long size;
        try {
            size = Files.size(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        String artifact = artifactUrl;
        if (artifact == null) {
            String file = archive.id() + "-" + archive.version() + ".jar";
            copy(jar, dir.resolve(IndexFolder.ARTIFACTS).resolve(file), size, out);
            artifact = IndexFolder.ARTIFACTS + "/" + file;
        }
        String requires = archive.requires() == null || archive.requires().isBlank() ? "*" : archive.requires().trim();
        IndexRelease release = new IndexRelease(archive.version(), requires, archive.apiImports(), artifact, size,
                archive.sha256(), false, null, List.of());
        List<IndexRelease> releases = new ArrayList<>(existing == null ? List.of() : existing.releases());
        releases.add(release);
        IndexPlugin plugin = new IndexPlugin(archive.id(),
                pick(name, existing == null ? archive.id() : existing.name()),
                pick(description, existing == null ? null : existing.description()),
                pick(author, existing == null ? null : existing.author()),
                pick(homepage, existing == null ? null : existing.homepage()),
                pick(icon, existing == null ? null : existing.icon()),
                categories != null ? categories : existing == null ? List.of() : existing.categories(),
                releases);
        folder.writeIndex(index.withPlugin(plugin));
        out.println("added " + archive.id() + " " + archive.version() + " (" + size + " bytes, sha256 "
                + archive.sha256() + ", artifact " + artifact + "); sign the index to publish it");
        return IndexTool.OK;
    }

    private static String pick(String given, String previous) {
        return given != null ? given : previous;
    }

    private static void copy(Path from, Path to, long size, PrintWriter out) {
        try {
            Files.createDirectories(to.getParent());
            Path temp = to.resolveSibling(to.getFileName() + ".tmp");
            try (InputStream in = Files.newInputStream(from); OutputStream target = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[256 * 1024];
                long copied = 0;
                int reported = 0;
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    target.write(buffer, 0, n);
                    copied += n;
                    int percent = (int) (copied * 100 / Math.max(1, size));
                    if (size >= PROGRESS_THRESHOLD && percent / 10 > reported / 10) {
                        out.println("copying " + from.getFileName() + ": " + percent + "% (" + copied / (1024 * 1024)
                                + " of " + size / (1024 * 1024) + " MiB)");
                        out.flush();
                        reported = percent;
                    }
                }
            }
            Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }
}
