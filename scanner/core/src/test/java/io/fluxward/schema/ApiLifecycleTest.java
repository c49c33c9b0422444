package io.fluxward.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.engine.Level;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deprecation table is consistent with itself and with the bundled CRDs. */
class ApiLifecycleTest {

    private final ApiLifecycle table = ApiLifecycle.get();

    @Test
    void everyFluxAndEsoReplacementIsServedByTheBundledCrds() {
        for (ApiLifecycle.Api api : table.apis(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO)) {
            Gvk replacement = api.replacementGvk().orElseThrow();
            assertThat(BundledSchemas.get().version(replacement)).as("%s -> %s", api.gvk(), replacement)
                    .hasValueSatisfying(v -> assertThat(v.served()).isTrue());
            assertThat(table.api(replacement)).as("replacement of %s is not deprecated itself", api.gvk()).isEmpty();
        }
    }

    @Test
    void noServedBundledVersionIsListed() {
        for (ApiLifecycle.Api api : table.apis(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO)) {
            assertThat(BundledSchemas.get().version(api.gvk()).map(CrdVersion::served)).as("%s is not served by the "
                    + "bundled CRD", api.gvk()).isNotEqualTo(Optional.of(true));
        }
    }

    @Test
    void deprecationComesBeforeRemoval() {
        for (ApiLifecycle.Api api : table.apis()) {
            api.deprecated().ifPresent(d -> assertThat(d.compareTo(api.removed())).as("%s", api.gvk()).isLessThan(0));
        }
    }

    @Test
    void removedFieldsBelongToListedVersions() {
        for (ApiLifecycle.RemovedField f : table.removedFields()) {
            assertThat(BundledSchemas.get().version(new Gvk(f.group(), f.absentIn(), f.kind()))).as(f.pathText())
                    .isPresent();
            for (String old : f.presentIn()) {
                assertThat(table.api(new Gvk(f.group(), old, f.kind()))).as("%s %s", f.kind(), old).isPresent();
            }
        }
    }

    @Test
    void verdictDependsOnTheTarget() {
        ApiLifecycle.Api v2beta2 = table.api(new Gvk("helm.toolkit.fluxcd.io", "v2beta2", "HelmRelease")).orElseThrow();
        assertThat(ApiVerdict.of(v2beta2, Optional.empty())).map(ApiVerdict::level).contains(Level.WARNING);
        assertThat(ApiVerdict.of(v2beta2, ReleaseVersion.parse("2.2"))).isEmpty();
        assertThat(ApiVerdict.of(v2beta2, ReleaseVersion.parse("2.3"))).map(ApiVerdict::level).contains(Level.WARNING);
        assertThat(ApiVerdict.of(v2beta2, ReleaseVersion.parse("v2.7.5"))).map(ApiVerdict::level).contains(Level.WARNING);
        assertThat(ApiVerdict.of(v2beta2, ReleaseVersion.parse("2.8"))).map(ApiVerdict::level).contains(Level.ERROR);
        assertThat(ApiVerdict.of(v2beta2, ReleaseVersion.parse("2.10"))).map(ApiVerdict::status)
                .hasValueSatisfying(s -> assertThat(s).contains("removed in Flux 2.8").contains("flux.version is 2.10"));
        ApiLifecycle.Api imageV1beta1 = table.api(new Gvk("image.toolkit.fluxcd.io", "v1beta1", "ImagePolicy"))
                .orElseThrow();
        assertThat(ApiVerdict.of(imageV1beta1, ReleaseVersion.parse("2.6"))).isEmpty();
        assertThat(ApiVerdict.of(imageV1beta1, ReleaseVersion.parse("2.7"))).map(ApiVerdict::level).contains(Level.ERROR);
    }

    @Test
    void releaseVersionsCompareNumerically() {
        assertThat(ReleaseVersion.of("2.10").compareTo(ReleaseVersion.of("2.9"))).isPositive();
        assertThat(ReleaseVersion.of("v2.7.0").compareTo(ReleaseVersion.of("2.7"))).isZero();
        assertThat(ReleaseVersion.of("0.17.0-rc.1").compareTo(ReleaseVersion.of("0.17"))).isZero();
        assertThat(ReleaseVersion.parse("latest")).isEmpty();
    }

    @Test
    void markdownTableHasEveryRow() {
        String md = table.markdownTable(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO);
        assertThat(md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| kind"))).hasSize(
                table.apis(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO).size());
        assertThat(md).contains("| HelmRelease | `helm.toolkit.fluxcd.io/v2beta2` | Flux 2.3 | Flux 2.8 | "
                + "`helm.toolkit.fluxcd.io/v2` |");
    }
}
