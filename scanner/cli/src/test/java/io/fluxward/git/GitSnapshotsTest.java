package io.fluxward.git;

import static io.fluxward.git.Manifests.CONFIG_MAP;
import static io.fluxward.git.Manifests.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxward.snapshot.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the index, commit and work-tree snapshots contain in the awkward cases git allows. */
class GitSnapshotsTest {

    @TempDir
    Path tmp;

    private static final String LFS_POINTER = "version https://git-lfs.github.com/spec/v1\n"
            + "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";

    @Test
    void lfsPointersAreSkippedWithANote() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write(".gitattributes", "*.pem filter=lfs diff=lfs merge=lfs -text\n")
                .write("certs/key.pem", LFS_POINTER)
                .write("certs/readme.pem", "not a pointer, tracked before LFS\n")
                .write("apps/settings.yaml", CONFIG_MAP).add(".");
        try (GitRepository git = repo.open()) {
            BlobSnapshot index = GitSnapshots.index(git, "");
            assertThat(index.files()).containsExactly(".gitattributes", "apps/settings.yaml", "certs/readme.pem");
            assertThat(index.notes()).anyMatch(n -> n.path().equals("certs/key.pem") && n.message().contains("LFS"));
            assertThat(index.exists("certs/key.pem")).isTrue();
        }
    }

    @Test
    void submodulesAreSkippedWithANoteButTheirFolderExists() throws Exception {
        TestRepo sub = TestRepo.init(tmp, "sub");
        sub.write("secret.yaml", PLAIN).add(".").commit("sub");
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.ok("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir.toString(), "vendor/sub");
        try (GitRepository git = repo.open()) {
            BlobSnapshot index = GitSnapshots.index(git, "");
            assertThat(index.files()).containsExactly(".gitmodules", "apps/settings.yaml");
            assertThat(index.notes()).anyMatch(n -> n.path().equals("vendor/sub") && n.message().contains("submodule"));
            assertThat(index.isDirectory("vendor")).isTrue();
            Snapshot work = GitSnapshots.workTree(git, "");
            assertThat(work.files()).containsExactly(".gitmodules", "apps/settings.yaml");
            assertThat(work.notes()).anyMatch(n -> n.path().equals("vendor/sub"));
        }
    }

    @Test
    void symbolicLinksReadAsTheirTargetInsideTheRepository() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP);
        Files.createSymbolicLink(repo.dir.resolve("current.yaml"), Path.of("apps/settings.yaml"));
        Files.createSymbolicLink(repo.dir.resolve("outside.yaml"), Path.of("../../etc/hostname"));
        repo.add(".");
        try (GitRepository git = repo.open()) {
            BlobSnapshot index = GitSnapshots.index(git, "");
            assertThat(index.files()).containsExactly("apps/settings.yaml", "current.yaml");
            assertThat(new String(index.read("current.yaml"), StandardCharsets.UTF_8)).isEqualTo(CONFIG_MAP);
            assertThat(index.notes()).anyMatch(n -> n.path().equals("outside.yaml") && n.message().contains("outside"));
        }
    }

    @Test
    void intentToAddIsNotStagedContent() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.write("apps/secret.yaml", PLAIN).ok("add", "-N", "apps/secret.yaml");
        try (GitRepository git = repo.open()) {
            assertThat(GitSnapshots.index(git, "").files()).containsExactly("apps/settings.yaml");
        }
    }

    @Test
    void sparseCheckoutKeepsTheWholeRepositoryInTheIndex() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).write("infra/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.ok("sparse-checkout", "set", "apps");
        assertThat(repo.dir.resolve("infra/settings.yaml")).doesNotExist();
        try (GitRepository git = repo.open()) {
            assertThat(GitSnapshots.index(git, "").files()).containsExactly("apps/settings.yaml", "infra/settings.yaml");
            Snapshot work = GitSnapshots.workTree(git, "");
            assertThat(work.files()).containsExactly("apps/settings.yaml", "infra/settings.yaml");
            assertThat(new String(work.read("infra/settings.yaml"), StandardCharsets.UTF_8)).isEqualTo(CONFIG_MAP);
            assertThat(work.isDirectory("infra")).isTrue();
        }
    }

    @Test
    void workTreeSnapshotLeavesOutIgnoredFiles() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write(".gitignore", "age.agekey\nbuild/\n").write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.write("age.agekey", "AGE-SECRET-KEY-1 not real\n").write("build/out.yaml", CONFIG_MAP)
                .write("apps/new.yaml", CONFIG_MAP);
        try (GitRepository git = repo.open()) {
            assertThat(GitSnapshots.workTree(git, "").files()).containsExactly(".gitignore", "apps/new.yaml",
                    "apps/settings.yaml");
            assertThat(GitSnapshots.workTree(git, "apps").files()).containsExactly("new.yaml", "settings.yaml");
        }
    }

    @Test
    void blobIdsInOneWalkAreEachPathsBlobId() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("a.yaml", CONFIG_MAP).write("b/c.yaml", PLAIN).write("b/d.yaml", CONFIG_MAP + "# d\n")
                .write("b-e.yaml", PLAIN + "# e\n").write("z.yaml", CONFIG_MAP + "# z\n").add(".");
        try (GitRepository git = repo.open()) {
            BlobSnapshot index = GitSnapshots.index(git, "");
            List<String> all = index.files();
            // The whole listing, a selection in its order, one out of order, and paths it does not list.
            for (List<String> paths : List.of(all, List.of("b-e.yaml", "b/d.yaml", "z.yaml"),
                    List.of("z.yaml", "a.yaml", "b/c.yaml"), List.of("a.yaml", "missing.yaml", "b/c.yaml", "zz.yaml"),
                    List.<String>of())) {
                List<java.util.Optional<String>> oneByOne = new java.util.ArrayList<>();
                for (String p : paths) {
                    oneByOne.add(index.blobId(p));
                }
                assertThat(index.blobIds(paths)).as(paths.toString()).isEqualTo(oneByOne);
            }
            assertThat(index.blobIds(List.of("missing.yaml"))).containsExactly(java.util.Optional.empty());
            assertThat(index.blobIds(all)).allMatch(java.util.Optional::isPresent);
        }
    }

    @Test
    void subfolderSnapshotsAreRootedThere() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("clusters/prod/apps.yaml", CONFIG_MAP).write("other/x.yaml", CONFIG_MAP).add(".").commit("init");
        try (GitRepository git = repo.open()) {
            assertThat(GitSnapshots.index(git, "clusters").files()).containsExactly("prod/apps.yaml");
            assertThat(GitSnapshots.commit(git, git.head().orElseThrow(), "HEAD", "clusters").files())
                    .containsExactly("prod/apps.yaml");
        }
    }

    @Test
    void indexVersion4IsReadAndSplitIndexIsExplained() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.ok("update-index", "--index-version", "4");
        try (GitRepository git = repo.open()) {
            assertThat(GitSnapshots.index(git, "").files()).containsExactly("apps/settings.yaml");
        }
        repo.ok("update-index", "--split-index");
        try (GitRepository git = repo.open()) {
            assertThatThrownBy(() -> GitSnapshots.index(git, "")).isInstanceOf(GitException.class)
                    .hasMessageContaining("split-index").hasMessageContaining("--no-split-index");
        }
    }

    /**
     * A sparse index (folders as entries; git writes {@code index.sparse} into {@code config.worktree}) gets the
     * advice that works there, also when a sharedindex file left by an earlier split index lies beside it.
     */
    @Test
    void aSparseIndexIsExplainedWithTheCommandThatSwitchesItOff() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/prod/settings.yaml", CONFIG_MAP).write("apps/base/settings.yaml", CONFIG_MAP).add(".")
                .commit("init");
        repo.ok("sparse-checkout", "set", "--cone", "--sparse-index", "apps/prod");
        Files.writeString(repo.dir.resolve(".git/sharedindex.0123456789abcdef0123456789abcdef01234567"), "left over");
        try (GitRepository git = repo.open()) {
            assertThatThrownBy(() -> GitSnapshots.index(git, "")).isInstanceOf(GitException.class)
                    .hasMessageContaining("sparse index").hasMessageContaining("git sparse-checkout init --no-sparse-index")
                    .hasMessageNotContaining("split");
        }
        repo.ok("sparse-checkout", "init", "--no-sparse-index");
        try (GitRepository git = repo.open()) {
            assertThat(GitSnapshots.index(git, "").files()).contains("apps/base/settings.yaml");
        }
    }

    /** An index fluxward cannot read is named: {@code GIT_INDEX_FILE} may point away from {@code .git/index}. */
    @Test
    void anUnreadableIndexIsNamed() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        Path other = tmp.resolve("other-index");
        Files.writeString(other, "not an index at all, long enough to have a checksum");
        try (GitRepository git = GitRepository.open(repo.dir, java.util.Map.of("GIT_INDEX_FILE", other.toString()))) {
            assertThatThrownBy(() -> GitSnapshots.index(git, "")).isInstanceOf(GitException.class)
                    .hasMessage("cannot read the git index " + other + " (Not a DIRC file.)");
        }
        Files.writeString(repo.dir.resolve(".git/index"), "not an index at all, long enough to have a checksum");
        try (GitRepository git = repo.open()) {
            assertThatThrownBy(() -> GitSnapshots.index(git, "")).hasMessage("cannot read the git index .git/index"
                    + " (Not a DIRC file.)");
        }
    }

    @Test
    void hooksFolderFollowsCoreHooksPath() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        try (GitRepository git = repo.open()) {
            assertThat(git.hooksDirectory()).isEqualTo(git.commonDir().resolve("hooks"));
        }
        repo.ok("config", "core.hooksPath", ".githooks");
        try (GitRepository git = repo.open()) {
            assertThat(git.hooksDirectory()).isEqualTo(git.workTree().resolve(".githooks"));
        }
        repo.ok("config", "core.hooksPath", tmp.resolve("shared-hooks").toString());
        try (GitRepository git = repo.open()) {
            assertThat(git.hooksDirectory()).isEqualTo(tmp.resolve("shared-hooks"));
        }
    }

    @Test
    void notARepositoryIsOneClearLine() {
        assertThatThrownBy(() -> GitRepository.open(tmp)).isInstanceOf(GitException.class)
                .hasMessageContaining("not inside a git repository");
    }

    @Test
    void aKeptIndexListingIsReusedOnlyWhileTheIndexIsTheSame() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".");
        io.fluxward.model.ParsedFiles kept = new io.fluxward.model.ParsedFiles(1 << 20);
        try (GitRepository git = repo.open()) {
            BlobSnapshot first = GitSnapshots.index(git, "", kept);
            assertThat(GitSnapshots.index(git, "", kept).listing()).isSameAs(first.listing());
            assertThat(GitSnapshots.index(git, "apps", kept).listing()).isNotSameAs(first.listing());
        }
        repo.write("apps/secret.yaml", PLAIN).add(".");
        try (GitRepository git = repo.open()) {
            BlobSnapshot changed = GitSnapshots.index(git, "", kept);
            assertThat(changed.files()).containsExactly("apps/secret.yaml", "apps/settings.yaml");
            assertThat(changed.contentKey()).isEqualTo(GitSnapshots.index(git, "").contentKey());
        }
    }

    @Test
    void onlyTheLatestListingOfAnIndexFileIsKept() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".");
        Path index = tmp.resolve("repo/.git/index");
        byte[] first = java.nio.file.Files.readAllBytes(index);
        io.fluxward.model.ParsedFiles kept = new io.fluxward.model.ParsedFiles(1 << 20);
        BlobSnapshot.Listing firstListing;
        try (GitRepository git = repo.open()) {
            firstListing = GitSnapshots.index(git, "", kept).listing();
        }
        repo.write("apps/secret.yaml", PLAIN).add(".");
        try (GitRepository git = repo.open()) {
            GitSnapshots.index(git, "", kept);
        }
        // The first index again, byte for byte (same checksum): listed anew, as the second one replaced it.
        java.nio.file.Files.write(index, first);
        try (GitRepository git = repo.open()) {
            BlobSnapshot again = GitSnapshots.index(git, "", kept);
            assertThat(again.listing()).isNotSameAs(firstListing);
            assertThat(again.files()).containsExactly("apps/settings.yaml");
            assertThat(GitSnapshots.index(git, "", kept).listing()).isSameAs(again.listing());
        }
    }

    @Test
    void aListingMadeFromThePreviousOneHasTheBlobIdsOfAFreshOneAndSharesUnchangedPaths() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/a.yaml", CONFIG_MAP).write("apps/b.yaml", CONFIG_MAP.replace("settings", "b"))
                .write("apps/c.yaml", PLAIN).add(".");
        io.fluxward.model.ParsedFiles kept = new io.fluxward.model.ParsedFiles(1 << 20);
        BlobSnapshot first;
        try (GitRepository git = repo.open()) {
            first = GitSnapshots.index(git, "", kept);
            // As a scan of it does: every file's blob id asked (their text is made then, for the next listing).
            first.blobIds(first.files());
        }
        // One file changed, one removed, one added; a.yaml as it was.
        repo.write("apps/b.yaml", CONFIG_MAP.replace("settings", "b2")).write("apps/d.yaml", PLAIN.replace("db", "d"))
                .add(".").ok("rm", "-q", "--cached", "apps/c.yaml");
        try (GitRepository git = repo.open()) {
            BlobSnapshot second = GitSnapshots.index(git, "", kept);
            BlobSnapshot fresh = GitSnapshots.index(git, "");
            assertThat(second.files()).containsExactly("apps/a.yaml", "apps/b.yaml", "apps/d.yaml");
            assertThat(second.blobIds(second.files())).isEqualTo(fresh.blobIds(fresh.files()));
            assertThat(second.blobId("apps/b.yaml")).isEqualTo(fresh.blobId("apps/b.yaml"))
                    .isNotEqualTo(first.blobId("apps/b.yaml"));
            assertThat(second.files().get(0)).isSameAs(first.files().get(0));
            assertThat(second.blobIds(second.files()).get(0).orElseThrow())
                    .isSameAs(first.blobIds(first.files()).get(0).orElseThrow());
            assertThat(second.contentKey()).isEqualTo(fresh.contentKey());
        }
    }

    @Test
    void aWorkTreesLayoutFollowsThePathsGitSees() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/a.yaml", CONFIG_MAP).write(".gitignore", "*.log\n").add(".").commit("first");
        try (GitRepository git = repo.open()) {
            java.util.Optional<io.fluxward.snapshot.Snapshot.Layout> first = GitSnapshots.workTree(git, "").layout();
            assertThat(first).isPresent();
            // Content changes and ignored files leave the paths as they were; an untracked file does not.
            repo.write("apps/a.yaml", CONFIG_MAP.replace("debug", "info")).write("build.log", "x\n");
            assertThat(GitSnapshots.workTree(git, "").layout()).isEqualTo(first);
            repo.write("apps/b.yaml", CONFIG_MAP);
            assertThat(GitSnapshots.workTree(git, "").layout()).isNotEqualTo(first);
        }
    }

    @Test
    void aKeptTreeListingIsReusedForTheSameTree() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("one");
        io.fluxward.model.ParsedFiles kept = new io.fluxward.model.ParsedFiles(1 << 20);
        try (GitRepository git = repo.open()) {
            var head = git.head().orElseThrow();
            BlobSnapshot first = GitSnapshots.commit(git, head, "HEAD", "", kept);
            BlobSnapshot again = GitSnapshots.commit(git, head, "HEAD again", "", kept);
            assertThat(again.listing()).isSameAs(first.listing());
            assertThat(again.describe()).isEqualTo("HEAD again");
        }
        repo.write("apps/secret.yaml", PLAIN).add(".").commit("two");
        try (GitRepository git = repo.open()) {
            assertThat(GitSnapshots.commit(git, git.head().orElseThrow(), "HEAD", "", kept).files())
                    .containsExactly("apps/secret.yaml", "apps/settings.yaml");
        }
    }

    @Test
    void anIndexWithoutChecksumIsNeverKeyedByIt() throws Exception {
        Path index = tmp.resolve("index");
        byte[] body = "DIRC\0\0\0\2\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
        byte[] withZeros = java.util.Arrays.copyOf(body, body.length + 20);
        Files.write(index, withZeros);
        assertThat(GitSnapshots.indexChecksum(index.toFile())).isEmpty();
        withZeros[withZeros.length - 1] = 7;
        Files.write(index, withZeros);
        assertThat(GitSnapshots.indexChecksum(index.toFile())).contains("00000000000000000000000000000000000000" + "07");
        Files.writeString(index, "not an index, but long enough to have a tail");
        assertThat(GitSnapshots.indexChecksum(index.toFile())).isEmpty();
        assertThat(GitSnapshots.indexChecksum(tmp.resolve("missing").toFile())).isEmpty();
    }
}
