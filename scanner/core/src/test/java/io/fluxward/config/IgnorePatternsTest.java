package io.fluxward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ignore:} answers as {@code git check-ignore --no-index} does with the same lines in a {@code .gitignore}
 * at the scan root (each row below was checked with git 2.x): patterns separated by {@code |}, the path, ignored.
 */
class IgnorePatternsTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ',', value = {
            "**/*secret.yaml|!apps/db-secret.yaml, apps/db-secret.yaml, false",
            "**/*secret.yaml|!apps/db-secret.yaml, docs/example-secret.yaml, true",
            "**/*secret.yaml|!apps/db-secret.yaml, apps/other-secret.yaml, true",
            "docs/|!docs/keep.yaml, docs/keep.yaml, true",
            "docs/|!docs/keep.yaml, docs/x.yaml, true",
            "docs/|!docs/keep.yaml, docs, false",
            "docs/**|!docs/keep.yaml, docs/keep.yaml, false",
            "docs/**|!docs/keep.yaml, docs/x.yaml, true",
            "docs/**|!docs/keep.yaml, docs/sub/keep.yaml, true",
            "docs|!docs/keep.yaml, docs/keep.yaml, true",
            "docs/*|!docs/sub, docs/sub/a.yaml, false",
            "docs/*|!docs/sub, docs/b.yaml, true",
            "docs/*|!docs/sub/a.yaml, docs/sub/a.yaml, true",
            "*|!*/|!*.yaml, a/b.yaml, false",
            "*|!*/|!*.yaml, a/b.txt, true",
            "*|!*/|!*.yaml, x.yaml, false",
            "foo/, foo, false",
            "foo/, foo/a, true",
            "foo/, bar/foo/a, true",
            "*.yaml|!keep.yaml|keep.yaml, a/keep.yaml, true",
            "legacy/**, legacy/cm.yaml, true",
            "legacy/**, apps/cm.yaml, false",
            "**/charts/**/templates/**, a/charts/x/templates/d.yaml, true",
            "**/charts/**/templates/**, charts/templates/d.yaml, true",
            "**/charts/**/templates/**, a/charts/x/values.yaml, false",
            "/cm.yaml, cm.yaml, true",
            "/cm.yaml, apps/cm.yaml, false",
            "apps/*.yaml|!apps/db-*, apps/db-secret.yaml, false",
            "apps/*.yaml|!apps/db-*, apps/web.yaml, true",
            "apps/*.yaml|!apps/db-*, apps/sub/x.yaml, false"
    })
    void asGitCheckIgnore(String patterns, String path, boolean ignored) {
        assertThat(IgnorePatterns.of(Arrays.asList(patterns.split("\\|"))).excludes(path)).isEqualTo(ignored);
    }

    @Test
    void escapedBangAndCommentsAsInAGitignore() {
        assertThat(IgnorePatterns.of(Arrays.asList("\\!x.yaml")).excludes("!x.yaml")).isTrue();
        assertThat(IgnorePatterns.of(Arrays.asList("#x.yaml")).excludes("#x.yaml")).isFalse();
        assertThat(IgnorePatterns.of(Arrays.asList("!", "", "  ")).isEmpty()).isTrue();
    }
}
