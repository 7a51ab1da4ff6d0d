package io.leadflow.marketplace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.marketplace.IndexFiles;
import io.leadflow.marketplace.IndexJson;
import io.leadflow.marketplace.IndexRelease;
import io.leadflow.marketplace.IndexSource;
import io.leadflow.marketplace.IndexVerifier;
import io.leadflow.marketplace.TestJars;
import io.leadflow.marketplace.TrustedKey;
import io.leadflow.marketplace.VerifiedIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexToolTest {
    @TempDir
    Path work;
    private Path keys;
    private Path index;
    private String out;
    private String err;

    private int run(String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = IndexTool.run(new PrintWriter(stdout), new PrintWriter(stderr), args);
        out = stdout.toString();
        err = stderr.toString();
        return code;
    }

    private String key(String name) {
        return keys.resolve(name).toString();
    }

    @BeforeEach
    void publisher() {
        keys = work.resolve("keys");
        index = work.resolve("index");
        assertThat(run("keygen", "--out", keys.toString(), "--key-id", "root")).isZero();
        assertThat(run("keygen", "--out", keys.toString(), "--key-id", "signing-1")).isZero();
        assertThat(run("init", index.toString())).isZero();
        assertThat(run("keys", index.toString(), "--root-key", key("root.private"),
                "--signing-public", key("signing-1.public"))).as(err).isZero();
    }

    private VerifiedIndex verified() throws IOException {
        TrustedKey root = TrustedKey.parse(Files.readString(keys.resolve("root.public")));
        return new IndexVerifier(List.of(root), Clock.systemUTC())
                .verify(IndexSource.of(index.toString(), Duration.ofSeconds(5)).load(), -1);
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanRead() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("root.private"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(keys.resolve("root.public"))).startsWith("root:MC");
        assertThat(run("keygen", "--out", keys.toString(), "--key-id", "root")).isEqualTo(1);
        assertThat(err).contains("never overwrites");
    }

    @Test
    void aPublishedPluginVerifiesAsTheKernelWill() throws IOException {
        Path jar = TestJars.plugin(work, "acme", "1.0.0", Map.of(), 0);
        assertThat(run("add", index.toString(), jar.toString(), "--name", "Acme", "--author", "Acme Ltd",
                "--category", "messaging", "--category", "crm", "--description", "Sends things")).as(err).isZero();
        assertThat(run("sign", index.toString(), "--key", key("signing-1.private"))).as(err).isZero();
        assertThat(out).contains("sequence 1");

        VerifiedIndex verified = verified();
        assertThat(verified.plugin("acme").orElseThrow().categories()).containsExactly("messaging", "crm");
        IndexRelease release = verified.plugin("acme").orElseThrow().release("1.0.0").orElseThrow();
        assertThat(release.artifact()).isEqualTo("artifacts/acme-1.0.0.jar");
        assertThat(release.size()).isEqualTo(Files.size(jar));
        assertThat(release.sha256()).isEqualTo(IndexVerifier.sha256(jar));
        assertThat(release.requires()).isEqualTo(">=0.1.0");
        assertThat(release.apiImports()).containsExactly("io.leadflow.api;version=\"[1.0,2)\"");
        assertThat(index.resolve("artifacts/acme-1.0.0.jar")).hasSameBinaryContentAs(jar);

        assertThat(run("verify", index.toString(), "--root-public", key("root.public"), "--artifacts")).as(err).isZero();
        assertThat(out).contains("verified: sequence 1").contains("acme 1.0.0: size and sha256 match");

        assertThat(run("sign", index.toString(), "--key", key("signing-1.private"))).isZero();
        assertThat(verified().sequence()).isEqualTo(2);
        assertThat(run("verify", index.toString(), "--root-public", key("root.public"), "--after-sequence", "2")).isEqualTo(1);
        assertThat(err).startsWith("refused (replayed)");
    }

    @Test
    void aJarTheKernelWouldRefuseIsNotAdded() throws IOException {
        Map<String, String> noClass = new HashMap<>();
        noClass.put("Plugin-Class", null);
        assertThat(run("add", index.toString(), TestJars.plugin(work, "acme", "1.0.0", noClass, 0).toString())).isEqualTo(1);
        assertThat(err).contains("refused (manifest)").contains("Plugin-Class");

        Path futureApi = TestJars.plugin(work, "acme", "1.0.1", Map.of("Import-Package", "io.leadflow.api;version=\"[7.0,8)\""), 0);
        assertThat(run("add", index.toString(), futureApi.toString())).isEqualTo(1);
        assertThat(err).contains("refused (import-package)");

        Path futureKernel = TestJars.plugin(work, "acme", "1.0.2", Map.of("Plugin-Requires", ">=5.0.0"), 0);
        assertThat(run("add", index.toString(), futureKernel.toString())).isEqualTo(1);
        assertThat(err).contains("refused (plugin-requires)");
        assertThat(run("add", index.toString(), futureKernel.toString(), "--kernel-version", "5.1.0")).as(err).isZero();

        Path notAJar = Files.writeString(work.resolve("x.jar"), "hello");
        assertThat(run("add", index.toString(), notAJar.toString())).isEqualTo(1);
        assertThat(err).contains("refused (archive)");
        assertThat(new IndexJson().index(Files.readAllBytes(index.resolve(IndexFiles.INDEX))).plugins())
                .singleElement().satisfies(plugin -> assertThat(plugin.releases()).hasSize(1));
    }

    @Test
    void aReleaseIsNeverReplacedButCanBeYankedAndAdvised() throws IOException {
        Path jar = TestJars.plugin(work, "acme", "1.0.0", Map.of(), 0);
        assertThat(run("add", index.toString(), jar.toString(), "--artifact-url", "https://cdn.example/acme.jar")).isZero();
        assertThat(index.resolve("artifacts")).doesNotExist();
        assertThat(run("add", index.toString(), jar.toString())).isEqualTo(1);
        assertThat(err).contains("already listed");
        assertThat(run("yank", index.toString(), "acme", "1.0.0", "--reason", "drops messages")).isZero();
        assertThat(run("advise", index.toString(), "acme", "1.0.0", "--advisory-id", "CVE-2026-1", "--severity", "high",
                "--summary", "leaks the API key", "--fixed-in", "1.0.1")).as(err).isZero();
        assertThat(run("yank", index.toString(), "acme", "9.9.9", "--reason", "x")).isEqualTo(1);
        assertThat(run("sign", index.toString(), "--key", key("signing-1.private"))).isZero();
        IndexRelease release = verified().plugin("acme").orElseThrow().release("1.0.0").orElseThrow();
        assertThat(release.yanked()).isTrue();
        assertThat(release.yankedReason()).isEqualTo("drops messages");
        assertThat(release.artifact()).isEqualTo("https://cdn.example/acme.jar");
        assertThat(release.advisories()).singleElement().satisfies(advisory -> {
            assertThat(advisory.severity()).isEqualTo("high");
            assertThat(advisory.fixedIn()).isEqualTo("1.0.1");
        });
    }

    @Test
    void signingKeysRotateThroughKeysJson() {
        assertThat(run("keygen", "--out", keys.toString(), "--key-id", "signing-2")).isZero();
        assertThat(run("keys", index.toString(), "--root-key", key("root.private"), "--signing-public",
                key("signing-2.public"), "--revoke", "signing-1")).as(err).isZero();
        assertThat(run("sign", index.toString(), "--key", key("signing-1.private"))).isEqualTo(1);
        assertThat(err).contains("revoked");
        assertThat(run("sign", index.toString(), "--key", key("signing-2.private"))).isZero();
        assertThat(run("verify", index.toString(), "--root-public", key("root.public"))).as(err).isZero();
        assertThat(out).contains("signed by signing-2");
    }

    @Test
    void anIndexNotSignedByThePinnedRootFailsVerification() {
        assertThat(run("keygen", "--out", keys.toString(), "--key-id", "other")).isZero();
        assertThat(run("sign", index.toString(), "--key", key("signing-1.private"))).isZero();
        assertThat(run("verify", index.toString(), "--root-public", key("other.public"))).isEqualTo(1);
        assertThat(err).startsWith("refused (signature)").contains("not a pinned root key");
    }

    @Test
    void aLargeJarReportsProgress() throws IOException {
        Path jar = TestJars.plugin(work, "big", "1.0.0", Map.of(), 6 * 1024 * 1024);
        assertThat(run("add", index.toString(), jar.toString())).as(err).isZero();
        assertThat(out.lines().filter(line -> line.startsWith("copying big-1.0.0.jar: ")).count()).isBetween(5L, 11L);
        assertThat(out).contains("100% (6 of 6 MiB)");
    }

    @Test
    void wrongUsageExitsWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("sign", index.toString())).isEqualTo(2);
        assertThat(err).contains("--key");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("--help")).isZero();
        assertThat(out).contains("Exit codes").contains("keygen").contains("verify");
    }

    @Test
    void aMissingIndexIsAClearError() {
        assertThat(run("yank", work.resolve("nowhere").toString(), "a", "1", "--reason", "x")).isEqualTo(1);
        assertThat(err).contains("has no index.json; run `leadflow-index init");
        assertThat(run("init", index.toString())).isEqualTo(1);
        assertThat(err).contains("exists already");
    }
}
