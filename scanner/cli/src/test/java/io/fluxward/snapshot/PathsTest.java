package io.fluxward.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "a/b/c|a/b/c", "''|''", "a|a", "./a|a", "a/./b|a/b", "a/../b|b", "a/b/..|a", "a//b|a/b", "a/|a", ".|''",
        "./|''", "..|NULL", "a/../..|NULL", "/a|NULL", "C:/a|NULL", "c:\\a|NULL", "a\\b|a/b", ".a/b.|.a/b.",
        "...|...", "a/.../b|a/.../b", "1:/a|1:/a", "C:a|C:a"})
    void normalizes(String path, String expected) {
        assertThat(Paths.normalize(path)).isEqualTo(expected);
    }

    /** As Flux's controllers join a spec.path to the source root (securejoin): never above the root. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "./apps/prod|apps/prod", "apps/prod/|apps/prod", "/apps/prod|apps/prod", "../apps/prod|apps/prod",
        "../../apps|apps", "apps/../../x|x", "/|''", "..|''", "./|''", "''|''", "a/./b/../c|a/c"})
    void joinsWithinTheRoot(String path, String expected) {
        assertThat(Paths.withinRoot(path)).isEqualTo(expected);
    }

    /** The fast path for paths that are already normal agrees with the general algorithm on random paths. */
    @Test
    void aFolderIsFoundAlikeInASortedListAndInASortedSet() {
        java.util.TreeSet<String> set = new java.util.TreeSet<>(java.util.List.of("a.yaml", "apps/base/web/d.yaml",
                "apps/base/web/k.yaml", "apps/base/web2/x.yaml", "apps/base-x/y.yaml", "clusters/prod/apps.yaml", "z"));
        java.util.List<String> list = java.util.List.copyOf(set);
        String[] asked = {"", ".", "apps", "apps/", "apps/base", "apps/base/web", "apps/base/we", "apps/base/web2",
            "apps/base-x", "apps/base/web/d.yaml", "a.yaml", "a", "clusters/prod", "clusters/prod/apps.yaml", "z", "zz",
            "../apps", "apps/../clusters", "./apps/base", "b"};
        for (String path : asked) {
            assertThat(Paths.isDirectoryIn(list, path)).as(path).isEqualTo(Paths.isDirectoryIn(set, path));
        }
        assertThat(Paths.isDirectoryIn(list, "apps/base")).isTrue();
        assertThat(Paths.isDirectoryIn(list, "apps/base/web/d.yaml")).isFalse();
        assertThat(Paths.isDirectoryIn(java.util.List.of(), "")).isTrue();
        assertThat(Paths.isDirectoryIn(java.util.List.of(), "apps")).isFalse();
    }

    @Test
    void fastPathAgreesWithSplitting() {
        Random random = new Random(7);
        String[] parts = {"a", "b", ".", "..", "", "...", ".x", "x.", "\\", "C:", "c:"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder();
            int n = random.nextInt(5);
            for (int j = 0; j < n; j++) {
                path.append(parts[random.nextInt(parts.length)]);
                if (random.nextInt(4) > 0) {
                    path.append('/');
                }
            }
            String p = path.toString();
            assertThat(Paths.normalize(p)).as(p).isEqualTo(bySplitting(p));
        }
    }

    private static String bySplitting(String path) {
        if (path.startsWith("/") || path.matches("^[A-Za-z]:[\\\\/].*")) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.replace('\\', '/').split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
