package io.fluxward.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where git could ignore files, found without JGit; anything that may ignore one says so. */
class IgnoreSourcesTest {

    @TempDir
    Path temp;

    private Path repo() throws Exception {
        Path top = temp.resolve("repo");
        Files.createDirectories(top.resolve(".git/info"));
        Files.createDirectories(top.resolve("apps/web"));
        Files.writeString(top.resolve(".git/info/exclude"), "# git ls-files --others --exclude-from=...\n\n",
                StandardCharsets.UTF_8);
        return top;
    }

    private static Map<String, String> home(Path home) {
        return Map.of("HOME", home.toString());
    }

    @Test
    void nothingIgnoresWithoutAnyRule() throws Exception {
        Path top = repo();
        assertThat(IgnoreSources.mayIgnore(top, top, List.of("apps/web/app.yaml"), home(temp.resolve("home")))).isFalse();
        assertThat(IgnoreSources.mayIgnore(top.resolve("apps"), top, List.of("web/app.yaml"), home(temp.resolve("home"))))
                .isFalse();
    }

    @Test
    void aGitignoreBelowOrAboveTheFolderMayIgnore() throws Exception {
        Path top = repo();
        Map<String, String> env = home(temp.resolve("home"));
        assertThat(IgnoreSources.mayIgnore(top, top, List.of("apps/.gitignore", "apps/web/app.yaml"), env)).isTrue();
        Files.writeString(top.resolve(".gitignore"), "*.agekey\n", StandardCharsets.UTF_8);
        assertThat(IgnoreSources.mayIgnore(top.resolve("apps"), top, List.of("web/app.yaml"), env)).isTrue();
    }

    @Test
    void excludeRulesAndGlobalExcludesMayIgnore() throws Exception {
        Path top = repo();
        Path home = temp.resolve("home");
        Files.createDirectories(home.resolve(".config/git"));
        assertThat(IgnoreSources.mayIgnore(top, top, List.of(), home(home))).isFalse();
        Files.writeString(home.resolve(".gitconfig"), "[core]\n\texcludesFile = ~/.gitignore_global\n",
                StandardCharsets.UTF_8);
        assertThat(IgnoreSources.mayIgnore(top, top, List.of(), home(home))).isTrue();
        Files.delete(home.resolve(".gitconfig"));
        Files.writeString(home.resolve(".config/git/ignore"), ".DS_Store\n", StandardCharsets.UTF_8);
        assertThat(IgnoreSources.mayIgnore(top, top, List.of(), home(home))).isTrue();
        Files.delete(home.resolve(".config/git/ignore"));
        Files.writeString(top.resolve(".git/info/exclude"), "age.agekey\n", StandardCharsets.UTF_8);
        assertThat(IgnoreSources.mayIgnore(top, top, List.of(), home(home))).isTrue();
    }

    @Test
    void anUnusualSetupCountsAsMayIgnore() throws Exception {
        Path top = repo();
        assertThat(IgnoreSources.mayIgnore(top, top, List.of(), Map.of("GIT_DIR", "/elsewhere"))).isTrue();
        Path linked = temp.resolve("linked");
        Files.createDirectories(linked);
        Files.writeString(linked.resolve(".git"), "gitdir: /elsewhere/.git/worktrees/x\n", StandardCharsets.UTF_8);
        assertThat(IgnoreSources.mayIgnore(linked, linked, List.of(), Map.of())).isTrue();
    }
}
