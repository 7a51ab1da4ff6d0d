package io.leadflow.marketplace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The LeadFlow version this tool was built as, from a resource Maven filters. */
final class ToolVersion implements CommandLine.IVersionProvider {
    static String current() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("tool.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"leadflow-index " + current()};
    }
}
