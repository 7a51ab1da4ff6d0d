package io.leadflow.kernel.boot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version the kernel was built as, read from a resource Maven filters at build time. */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/io/leadflow/kernel/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
