package io.leadflow.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexSourceTest {
    @TempDir
    Path dir;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(Path root) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring("/market/".length()));
            if (!exchange.getRequestURI().getPath().startsWith("/market/") || !Files.isRegularFile(file)) {
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
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/market/";
    }

    private void writeFiles(IndexFiles files) throws IOException {
        Files.write(dir.resolve(IndexFiles.INDEX), files.index());
        Files.write(dir.resolve(IndexFiles.INDEX_SIG), files.indexSig());
        Files.write(dir.resolve(IndexFiles.KEYS), files.keys());
        Files.write(dir.resolve(IndexFiles.KEYS_SIG), files.keysSig());
    }

    private static IndexRelease release(String artifact, long size) {
        return new IndexRelease("1.0.0", "*", List.of(), artifact, size, "0".repeat(64), false, null, List.of());
    }

    @Test
    void aFolderAndAUrlServeTheSameFiles() throws IOException {
        IndexFiles files = new TestIndex().files(TestIndex.document(1));
        writeFiles(files);
        String url = serve(dir);
        for (String location : List.of(dir.toString(), dir.toUri().toString(), url, url + "index.json")) {
            IndexFiles loaded = IndexSource.of(location, Duration.ofSeconds(5)).load();
            assertThat(loaded.index()).isEqualTo(files.index());
            assertThat(loaded.indexSig()).isEqualTo(files.indexSig());
            assertThat(loaded.keys()).isEqualTo(files.keys());
            assertThat(loaded.keysSig()).isEqualTo(files.keysSig());
        }
    }

    @Test
    void aMissingFileIsUnavailableNotRefused() throws IOException {
        assertThatThrownBy(() -> IndexSource.of(dir.toString(), Duration.ofSeconds(5)).load())
                .isInstanceOf(IndexUnavailableException.class).hasMessageContaining("no such file");
        String url = serve(dir);
        assertThatThrownBy(() -> IndexSource.of(url, Duration.ofSeconds(5)).load())
                .isInstanceOf(IndexUnavailableException.class).hasMessageContaining("HTTP 404");
    }

    @Test
    void anOversizedSignatureFileIsRefused() throws IOException {
        writeFiles(new TestIndex().files(TestIndex.document(1)));
        Files.write(dir.resolve(IndexFiles.INDEX_SIG), new byte[(int) IndexSource.MAX_SIGNATURE_BYTES + 1]);
        assertThatThrownBy(() -> IndexSource.of(dir.toString(), Duration.ofSeconds(5)).load())
                .isInstanceOfSatisfying(IndexRefusedException.class, e -> assertThat(e.check()).isEqualTo("schema"));
    }

    @Test
    void relativeArtifactsDownloadFromTheIndexLocationWithinTheDeclaredSize() throws IOException {
        Files.createDirectories(dir.resolve("artifacts"));
        Files.write(dir.resolve("artifacts/a.jar"), new byte[3 * 1024 * 1024]);
        String url = serve(dir);
        IndexSource source = IndexSource.of(url, Duration.ofSeconds(5));
        assertThat(source.resolve(release("artifacts/a.jar", 1)).toString()).isEqualTo(url + "artifacts/a.jar");
        Path target = dir.resolve("download.jar");
        List<Long> progress = new ArrayList<>();
        source.download(release("artifacts/a.jar", 3 * 1024 * 1024), target, progress::add);
        assertThat(Files.size(target)).isEqualTo(3 * 1024 * 1024);
        assertThat(progress).last().isEqualTo(3L * 1024 * 1024);

        Path short1 = dir.resolve("short.jar");
        assertThatThrownBy(() -> source.download(release("artifacts/a.jar", 1024), short1, bytes -> { }))
                .isInstanceOfSatisfying(IndexRefusedException.class, e -> assertThat(e.check()).isEqualTo("size"));
        assertThat(short1).doesNotExist();
        assertThat(dir.resolve("short.jar.part")).doesNotExist();

        IndexSource folder = IndexSource.of(dir.toString(), Duration.ofSeconds(5));
        folder.download(release("artifacts/a.jar", 3 * 1024 * 1024), dir.resolve("local.jar"), bytes -> { });
        assertThat(Files.size(dir.resolve("local.jar"))).isEqualTo(3 * 1024 * 1024);
    }

    @Test
    void aRemoteIndexMayNotPointAtLocalFiles() throws IOException {
        IndexSource source = IndexSource.of(serve(dir), Duration.ofSeconds(5));
        assertThatThrownBy(() -> source.resolve(release("file:/etc/passwd", 10)))
                .isInstanceOfSatisfying(IndexRefusedException.class, e -> assertThat(e.check()).isEqualTo("schema"));
        assertThatThrownBy(() -> source.resolve(release("ftp://host/a.jar", 10))).isInstanceOf(IndexRefusedException.class);
        assertThat(source.resolve(release("https://cdn.example/a.jar", 10)).getHost()).isEqualTo("cdn.example");
        assertThat(source.remote()).isTrue();
        assertThat(IndexSource.of(dir.toString(), Duration.ofSeconds(5)).remote()).isFalse();
    }

    @Test
    void aLocationMustBeAUrlWithAHostOrAFolder() {
        assertThatThrownBy(() -> IndexSource.of(" ", Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexSource.of("https:///x", Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
    }
}
