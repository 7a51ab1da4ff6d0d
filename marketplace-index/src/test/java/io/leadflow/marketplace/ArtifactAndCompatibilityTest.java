package io.leadflow.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.plugincheck.ApiPackages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactAndCompatibilityTest {
    private final ReleaseCompatibility compatibility = new ReleaseCompatibility("0.1.0-SNAPSHOT", ApiPackages.ofRunningKernel());

    private static IndexRelease release(String requires, List<String> imports, boolean yanked) {
        return new IndexRelease("1.0.0", requires, imports, "a.jar", 3, "0".repeat(64), yanked,
                yanked ? "broke sending" : null, List.of());
    }

    @Test
    void anArtifactMustHaveTheDeclaredSizeAndHash(@TempDir Path dir) throws IOException {
        Path jar = Files.write(dir.resolve("a.jar"), new byte[] {1, 2, 3});
        String hash = IndexVerifier.sha256(jar);
        IndexVerifier.verifyArtifact(jar, new IndexRelease("1.0.0", "*", List.of(), "a.jar", 3, hash, false, null, List.of()));
        assertThatThrownBy(() -> IndexVerifier.verifyArtifact(jar, new IndexRelease("1.0.0", "*", List.of(), "a.jar", 4,
                hash, false, null, List.of())))
                .isInstanceOfSatisfying(IndexRefusedException.class, e -> assertThat(e.check()).isEqualTo("size"));
        assertThatThrownBy(() -> IndexVerifier.verifyArtifact(jar, release("*", List.of(), false)))
                .isInstanceOfSatisfying(IndexRefusedException.class, e -> assertThat(e.check()).isEqualTo("sha256"))
                .hasMessageContaining(hash);
    }

    @Test
    void aReleaseForThisKernelAndApiIsCompatible() {
        assertThat(compatibility.incompatibility(release(">=0.1.0", List.of("io.leadflow.api;version=\"[1.0,2)\""), false)))
                .isEmpty();
        assertThat(compatibility.incompatibility(release("*", List.of(), false))).isEmpty();
    }

    @Test
    void aReleaseNeedingAnotherKernelOrApiIsIncompatible() {
        assertThat(compatibility.incompatibility(release(">=9.0.0", List.of(), false)))
                .hasValue("requires LeadFlow >=9.0.0 but this kernel is 0.1.0");
        assertThat(compatibility.incompatibility(release("*", List.of("io.leadflow.api;version=\"[2.0,3)\""), false)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("[2.0,3)"));
        assertThat(compatibility.incompatibility(release("*", List.of("io.leadflow.api.teleport;version=\"[1.0,2)\""), false)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("io.leadflow.api.teleport"));
        assertThat(compatibility.incompatibility(release("~~~", List.of(), false))).isPresent();
        assertThatThrownBy(() -> compatibility.requireInstallable("acme", release(">=9.0.0", List.of(), false)))
                .isInstanceOfSatisfying(IndexRefusedException.class, e -> assertThat(e.check()).isEqualTo("incompatible"));
    }

    @Test
    void aYankedReleaseIsRefusedWithItsReason() {
        assertThatThrownBy(() -> compatibility.requireInstallable("acme", release("*", List.of(), true)))
                .isInstanceOfSatisfying(IndexRefusedException.class, e -> assertThat(e.check()).isEqualTo("yanked"))
                .hasMessageContaining("broke sending");
    }

    @Test
    void trustedKeysParseFromTheirWrittenForm() {
        TrustedKey key = new TrustedKey("root-1", Ed25519.generate().getPublic());
        List<TrustedKey> parsed = TrustedKey.parseList(" " + key.format() + " , ,");
        assertThat(parsed).singleElement().satisfies(one -> {
            assertThat(one.keyId()).isEqualTo("root-1");
            assertThat(one.publicKey().getEncoded()).isEqualTo(key.publicKey().getEncoded());
        });
        assertThatThrownBy(() -> TrustedKey.parse("no-colon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedKey.parse("id:bm90IGEga2V5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedKey.parse("bad id:" + key.format().split(":")[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
