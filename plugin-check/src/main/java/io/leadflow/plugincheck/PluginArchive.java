package io.leadflow.plugincheck;

import java.nio.file.Path;
import java.util.List;

/**
 * A plugin jar that passed the archive and manifest checks, with what its manifest declares.
 *
 * @param file where the jar is
 * @param id the {@code Plugin-Id}
 * @param version the {@code Plugin-Version}
 * @param pluginClass the {@code Plugin-Class}
 * @param requires the {@code Plugin-Requires} expression, or null
 * @param apiImports the {@code Import-Package} clauses of {@code io.leadflow.api*}, as written
 * @param sha256 the jar's SHA-256, hex
 */
public record PluginArchive(Path file, String id, String version, String pluginClass, String requires,
                     List<String> apiImports, String sha256) {
}
