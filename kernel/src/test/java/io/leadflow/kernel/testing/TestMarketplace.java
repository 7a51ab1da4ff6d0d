package io.leadflow.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.leadflow.marketplace.cli.IndexTool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A publisher in a test: keys and an index folder made with the real {@code leadflow-index} code
 * (run in-process), served over HTTP on 127.0.0.1 by the JDK's server, as a marketplace would be.
 */
public final class TestMarketplace implements AutoCloseable {
    public final Path keys;
    public final Path index;
    private final HttpServer server;

    private TestMarketplace(Path work) throws IOException {
        this.keys = work.resolve("keys");
        this.index = work.resolve("index");
        tool("keygen", "--out", keys.toString(), "--key-id", "root");
        tool("keygen", "--out", keys.toString(), "--key-id", "signing-1");
        tool("init", index.toString());
        // a window reaching back, so tests can back-date an index to make it expire
        tool("keys", index.toString(), "--root-key", key("root.private"), "--signing-public", key("signing-1.public"),
                "--not-before", "2020-01-01T00:00:00Z", "--valid-days", "3650");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/market/", exchange -> {
            Path file = index.resolve(exchange.getRequestURI().getPath().substring("/market/".length())).normalize();
            if (!file.startsWith(index) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    public static TestMarketplace create() {
        try {
            return new TestMarketplace(Files.createTempDirectory("leadflow-market"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/market/";
    }

    /** The kernel settings that point at this marketplace. */
    public Map<String, String> settings() {
        try {
            return Map.of("LEADFLOW_MARKETPLACE_URL", url(),
                    "LEADFLOW_MARKETPLACE_ROOT_KEYS", Files.readString(keys.resolve("root.public")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String key(String file) {
        return keys.resolve(file).toString();
    }

    /** Runs {@code leadflow-index} and expects success. */
    public String tool(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IndexTool.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).as("leadflow-index %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    /** Adds a jar (written to a temp file) to the index, with extra {@code add} options. */
    public void add(byte[] jar, String... options) {
        try {
            Path file = Files.createTempFile(keys.getParent(), "plugin", ".jar");
            Files.write(file, jar);
            List<String> args = new ArrayList<>(List.of("add", index.toString(), file.toString()));
            args.addAll(List.of(options));
            tool(args.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sign(String... options) {
        List<String> args = new ArrayList<>(List.of("sign", index.toString(), "--key", key("signing-1.private")));
        args.addAll(List.of(options));
        tool(args.toArray(String[]::new));
    }

    /** The four published files, to put back later (a replay, a restore after tampering). */
    public Map<String, byte[]> snapshot() {
        try {
            return Map.of("index.json", Files.readAllBytes(index.resolve("index.json")),
                    "index.json.sig", Files.readAllBytes(index.resolve("index.json.sig")),
                    "keys.json", Files.readAllBytes(index.resolve("keys.json")),
                    "keys.json.sig", Files.readAllBytes(index.resolve("keys.json.sig")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void restore(Map<String, byte[]> files, String... names) {
        try {
            for (String name : names) {
                Files.write(index.resolve(name), files.get(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
