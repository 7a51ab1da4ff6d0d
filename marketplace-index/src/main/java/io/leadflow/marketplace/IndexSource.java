package io.leadflow.marketplace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Where an index is published: an {@code http(s)} URL or a local folder holding {@code index.json},
 * {@code index.json.sig}, {@code keys.json} and {@code keys.json.sig}. Reads are bounded in size and
 * time; artifact URLs are resolved against the location, so an index may name its jars relatively
 * ({@code artifacts/x.jar}). An index served over HTTP may only point at HTTP(S) artifacts, never at
 * the reader's own files.
 */
public final class IndexSource {
    /** The most {@code index.json} may weigh. */
    public static final long MAX_INDEX_BYTES = 16L * 1024 * 1024;
    /** The most {@code keys.json} may weigh. */
    public static final long MAX_KEYS_BYTES = 1024L * 1024;
    /** The most a {@code .sig} file may weigh. */
    public static final long MAX_SIGNATURE_BYTES = 4L * 1024;

    private final String location;
    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    private IndexSource(String location, URI base, Duration timeout) {
        this.location = location;
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * A source for a location as an admin writes it: {@code https://...}, {@code http://...},
     * {@code file:/...} or a folder path.
     *
     * @param location the index location; a URL may end with {@code /} or {@code /index.json}
     * @param timeout the connect and per-request time limit for HTTP
     * @throws IllegalArgumentException when the location is not of these forms
     */
    public static IndexSource of(String location, Duration timeout) {
        String trimmed = location == null ? "" : location.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("an index location is an http(s) URL or a folder, got nothing");
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        URI base;
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:")) {
            try {
                base = new URI(trimmed);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + trimmed, e);
            }
            if (base.getHost() == null && !"file".equals(base.getScheme())) {
                throw new IllegalArgumentException("the index URL has no host: " + trimmed);
            }
        } else {
            base = Path.of(trimmed).toAbsolutePath().normalize().toUri();
        }
        String text = base.toString();
        if (text.endsWith("/" + IndexFiles.INDEX)) {
            text = text.substring(0, text.length() - IndexFiles.INDEX.length());
        } else if (!text.endsWith("/")) {
            text = text + "/";
        }
        return new IndexSource(trimmed, URI.create(text), timeout);
    }

    /** The location as given. */
    public String location() {
        return location;
    }

    /** Whether the index is read over HTTP(S), where calls may fail transiently. */
    public boolean remote() {
        return !"file".equals(base.getScheme());
    }

    /**
     * Reads the four files.
     *
     * @throws IndexUnavailableException when one cannot be read
     * @throws IndexRefusedException ({@code schema}) when one is larger than its limit
     */
    public IndexFiles load() {
        return new IndexFiles(read(IndexFiles.INDEX, MAX_INDEX_BYTES), read(IndexFiles.INDEX_SIG, MAX_SIGNATURE_BYTES),
                read(IndexFiles.KEYS, MAX_KEYS_BYTES), read(IndexFiles.KEYS_SIG, MAX_SIGNATURE_BYTES));
    }

    /**
     * Where a release's artifact is.
     *
     * @throws IndexRefusedException ({@code schema}) for an artifact URL this source may not follow
     */
    public URI resolve(IndexRelease release) {
        URI resolved;
        try {
            resolved = base.resolve(new URI(release.artifact()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IndexRefusedException(IndexRefusedException.SCHEMA, "artifact '" + release.artifact()
                    + "' is not a URL or relative path");
        }
        String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed = scheme.equals("http") || scheme.equals("https") || (scheme.equals("file") && !remote());
        if (!allowed) {
            throw new IndexRefusedException(IndexRefusedException.SCHEMA, "artifact '" + release.artifact()
                    + "' resolves to " + resolved + ", which an index at " + location + " may not point at");
        }
        return resolved;
    }

    /**
     * Downloads a release's artifact to a file, reading at most its declared size plus one byte.
     *
     * @param release the release whose artifact to fetch
     * @param target the file to write (replaced)
     * @param progress told the byte count so far, now and then
     * @throws IndexRefusedException ({@code size}) when the artifact is longer than declared
     * @throws IndexUnavailableException when it cannot be read
     */
    public void download(IndexRelease release, Path target, LongConsumer progress) {
        URI uri = resolve(release);
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = open(uri); OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            long reported = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > release.size()) {
                    throw new IndexRefusedException(IndexRefusedException.SIZE, "the artifact at " + uri
                            + " is longer than the " + release.size() + " bytes the index declares");
                }
                out.write(buffer, 0, n);
                if (total - reported >= 1024 * 1024) {
                    progress.accept(total);
                    reported = total;
                }
            }
            progress.accept(total);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new IndexUnavailableException("cannot download " + uri + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IndexUnavailableException("cannot move the download to " + target + ": " + e.getMessage(), e);
        }
    }

    private byte[] read(String name, long limit) {
        URI uri = base.resolve(name);
        try (InputStream in = open(uri)) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) {
                throw new IndexRefusedException(IndexRefusedException.SCHEMA, name + " at " + uri + " is larger than "
                        + limit + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new IndexUnavailableException("cannot read " + uri + ": " + describe(e), e);
        }
    }

    private InputStream open(URI uri) throws IOException {
        if ("file".equals(uri.getScheme())) {
            return Files.newInputStream(Path.of(uri));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover .part file is overwritten by the next try
        }
    }
}
