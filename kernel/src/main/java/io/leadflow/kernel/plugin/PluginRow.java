package io.leadflow.kernel.plugin;

import java.time.Instant;

/** The plugin table's row. */
final class PluginRow {
    String id;
    String version;
    String fileName;
    String sha256;
    boolean enabled;
    Instant installedAt;
    Instant updatedAt;
}
