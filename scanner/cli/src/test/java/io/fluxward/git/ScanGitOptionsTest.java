package io.fluxward.git;

import static io.fluxward.git.Manifests.CONFIG_MAP;
import static io.fluxward.git.Manifests.ENCRYPTED;
import static io.fluxward.git.Manifests.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git options of {@code fluxward scan}, and the baseline, through the command line. */
class ScanGitOptionsTest {

    @TempDir
    Path tmp;

    private Fluxward.Result scan(TestRepo repo, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "scan";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = repo.dir.toString();
        return Fluxward.run(all);
    }

    @Test
    void stagedReportsOnlyNewAndAllReportsEverything() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/old.yaml", PLAIN).add(".").commit("debt");
        repo.write("apps/new.yaml", PLAIN.replace("name: db", "name: web")).add(".");
        Fluxward.Result r = scan(repo, "--staged", "--no-color");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("apps/new.yaml:7:13: error FW-S001").doesNotContain("apps/old.yaml");
        assertThat(r.err()).contains("; a commit would be blocked.").doesNotContain("commit blocked")
                .contains("findings older than this change are not shown");
        Fluxward.Result all = scan(repo, "--staged", "--all", "-f", "gitlab");
        assertThat(all.out()).contains("apps/old.yaml").contains("apps/new.yaml");
        assertThat(all.out() + all.err()).doesNotContain("hunter2");
        // Listing every finding of the index, the old ones included, none is said to be added by the change.
        Fluxward.Result text = scan(repo, "--staged", "--all", "--no-color");
        assertThat(text.err()).contains("the staged content has 2 findings (2 errors)")
                .doesNotContain("changes add").doesNotContain("older than this change are not shown");
    }

    /**
     * A change scan checks only the changed files again (and the findings that span files): the old findings it
     * counts are a lower bound, and it says so, also when it counted none (an old plaintext Secret in an unchanged
     * file is not counted, but it is there).
     */
    @Test
    void diffBaseSaysTheOldFindingsItCountsAreALowerBound() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/kustomization.yaml", "resources:\n  - settings.yaml\n").write("apps/settings.yaml", CONFIG_MAP)
                .write("apps/legacy.yaml", PLAIN).add(".").commit("debt");
        repo.ok("checkout", "-q", "-b", "feature");
        repo.write("apps/settings.yaml", CONFIG_MAP.replace("debug", "info")).add(".").commit("clean change");
        Fluxward.Result r = scan(repo, "--diff-base", "main", "--no-color");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("fluxward: at least 1 finding not shown (existing before the change; "
                + "'fluxward scan' lists all)");
        Fluxward.Result secrets = scan(repo, "--diff-base", "main", "--only-rules", "FW-S001", "--no-color");
        assertThat(secrets.exit()).isZero();
        assertThat(secrets.err()).contains("findings that existed before the change are not shown ('fluxward scan' lists all)");
        Fluxward.Result md = scan(repo, "--diff-base", "main", "-f", "markdown");
        assertThat(md.out()).contains("at least 1 finding not shown (existing before the change; 'fluxward scan' lists all)");
        assertThat(scan(repo, "--no-color").out()).contains("apps/legacy.yaml:7:13: error FW-S001")
                .contains("note FW-K004");
    }

    /** The hints name a finding that blocks the commit, not the lowest rule ID (here a note, FW-K004). */
    @Test
    void blockedCommitHintsNameABlockingFinding() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/kustomization.yaml", "resources:\n  - settings.yaml\n").write("apps/settings.yaml", CONFIG_MAP)
                .add(".").commit("init");
        repo.write("apps/secret.yaml", PLAIN).add(".");
        Fluxward.Result r = scan(repo, "--staged", "--no-color");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("note FW-K004").contains("error FW-S001");
        assertThat(r.err()).contains("why:      fluxward explain FW-S001\n")
                .contains("accept:   '# fluxward:ignore FW-S001 <reason>'").doesNotContain("FW-K004");
        // Every other rule that blocks the commit is named too, each with its own explain (QA: only the first was).
        repo.write("apps/kustomization.yaml", "resources:\n  - settings.yaml\n  - missing.yaml\n").add(".");
        assertThat(scan(repo, "--staged", "--no-color").err())
                .contains("why:      fluxward explain FW-K001 (also FW-S001)\n").doesNotContain("FW-K004");
        repo.write("apps/kustomization.yaml", "resources:\n  - settings.yaml\n").add(".");
        // Failing on notes, the first finding of the most serious level is still the one named.
        Fluxward.Result notes = scan(repo, "--staged", "--no-color", "--fail-on", "note");
        assertThat(notes.err()).contains("fluxward explain FW-S001");
        repo.write("apps/secret.yaml", ENCRYPTED).add(".");
        Fluxward.Result onlyNote = scan(repo, "--staged", "--no-color", "--fail-on", "note");
        assertThat(onlyNote.exit()).as(onlyNote.out() + onlyNote.err()).isEqualTo(1);
        assertThat(onlyNote.err()).contains("fluxward explain FW-K004");
        assertThat(scan(repo, "--staged", "--no-color").err()).doesNotContain("commit blocked")
                .doesNotContain("would be blocked");
    }

    /**
     * During a merge conflict the conflicted file is neither missing (a false FW-K001 for the kustomization that
     * lists it) nor its conflict markers: it stands as our side has it until resolved, and a note says so. What the
     * merged branch already has is not new.
     */
    @Test
    void unmergedPathsStandAsOurSideHasThemWithANote() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/kustomization.yaml", "resources:\n  - settings.yaml\n").write("apps/settings.yaml", CONFIG_MAP)
                .add(".").commit("init");
        repo.ok("checkout", "-q", "-b", "theirs");
        repo.write("apps/settings.yaml", CONFIG_MAP.replace("level: debug", "level: info")).add(".").commit("info");
        repo.ok("checkout", "-q", "main");
        repo.write("apps/settings.yaml", CONFIG_MAP.replace("level: debug", "level: warn")).add(".").commit("warn");
        assertThat(repo.git("merge", "-q", "theirs").exit()).isNotZero();
        assertThat(repo.ok("ls-files", "-u").out()).contains("apps/settings.yaml");

        Fluxward.Result r = scan(repo, "--staged", "--no-color");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("FW-K001").doesNotContain("FW-G001");
        assertThat(r.err()).contains("fluxward: warning: 1 unmerged path (merge conflict) read as our side has it")
                .contains("until the conflict is resolved: apps/settings.yaml");
        Fluxward.Result all = scan(repo, "--staged", "--all", "--no-color");
        assertThat(all.exit()).as(all.out() + all.err()).isZero();

        // A finding the merged branch already has comes with the merge, not with this change: it does not block,
        // as a merge without a conflict (git runs pre-merge-commit then, not pre-commit) would not either.
        repo.ok("merge", "--abort");
        repo.ok("checkout", "-q", "theirs");
        repo.write("other/secret.yaml", PLAIN).add(".").commit("their secret");
        repo.ok("checkout", "-q", "main");
        assertThat(repo.git("merge", "-q", "theirs").exit()).isNotZero();
        Fluxward.Result both = scan(repo, "--staged", "--no-color");
        assertThat(both.exit()).as(both.out() + both.err()).isZero();
        assertThat(both.out()).doesNotContain("FW-S001").doesNotContain("FW-K001").doesNotContain("apps/settings.yaml");
        assertThat(both.err()).contains("1 unmerged path (merge conflict)");
        // Resolved and committed with a secret of the user's own: that one is new against both parents and blocks.
        repo.write("apps/settings.yaml", CONFIG_MAP).add("apps/settings.yaml");
        repo.write("apps/mine.yaml", PLAIN.replace("name: db", "name: mine")).add("apps/mine.yaml");
        Fluxward.Result resolved = scan(repo, "--staged", "--no-color");
        assertThat(resolved.exit()).as(resolved.out() + resolved.err()).isEqualTo(1);
        assertThat(resolved.out()).contains("apps/mine.yaml:7:13: error FW-S001").doesNotContain("other/secret.yaml");
        assertThat(resolved.err()).contains("not shown");
    }

    @Test
    void stagedConfigurationIsReadFromTheIndex() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.write(".fluxward.yaml", "rules:\n  FW-S001: { enabled: false }\n").add(".fluxward.yaml");
        repo.write(".fluxward.yaml", "rules: {}\n");
        repo.write("apps/new.yaml", PLAIN).add("apps/new.yaml");
        // The work tree's config enables the rule, the staged one (what gets committed) disables it.
        Fluxward.Result r = scan(repo, "--staged");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    /** A config only in the work tree (untracked, or taken out of the index) is not what gets committed. */
    @Test
    void aConfigurationOnlyInTheWorkTreeDoesNotApplyToTheStagedScan() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.write(".fluxward.yaml", "rules:\n  FW-S001: { enabled: false }\n");
        repo.write("apps/new.yaml", PLAIN).add("apps/new.yaml");
        Fluxward.Result untracked = scan(repo, "--staged", "--no-color");
        assertThat(untracked.exit()).as(untracked.out() + untracked.err()).isEqualTo(1);
        assertThat(untracked.out()).contains("apps/new.yaml:7:13: error FW-S001");

        repo.add(".fluxward.yaml").commit("config");
        repo.ok("rm", "-q", "--cached", ".fluxward.yaml");
        repo.write("apps/other.yaml", PLAIN.replace("name: db", "name: other")).add("apps/other.yaml");
        Fluxward.Result removed = scan(repo, "--staged", "--no-color");
        assertThat(removed.exit()).as(removed.out() + removed.err()).isEqualTo(1);
        assertThat(removed.out()).contains("apps/other.yaml:7:13: error FW-S001");

        // Scanning a subfolder of the repository, the staged top-level config applies.
        repo.write(".fluxward.yaml", "rules:\n  FW-S001: { enabled: false }\n").add(".fluxward.yaml");
        Fluxward.Result sub = Fluxward.run("scan", "--staged", "--no-color", repo.dir.resolve("apps").toString());
        assertThat(sub.exit()).as(sub.out() + sub.err()).isZero();
    }

    /**
     * A plain scan in a git work tree reads what git sees (scenario 1: the git-ignored {@code age.agekey} next
     * to the manifests is not in the repository), untracked files that are not ignored included; a file or a
     * folder named on the command line is read as named.
     */
    @Test
    void plainScanLeavesOutGitIgnoredFiles() {
        String key = "# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n"
                + "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZ\n";
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write(".gitignore", "age.agekey\nbuild/\n").write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.write("age.agekey", key).write("build/age.agekey", key).write("apps/age.agekey", key);
        repo.write("keys/new.txt", key);

        Fluxward.Result r = scan(repo, "--no-color", "-v");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("keys/new.txt:2:1: error FW-S004").contains("age secret key in clear in the repository")
                .doesNotContain("age.agekey").doesNotContain("committed");
        assertThat(r.err()).contains("fluxward: info: 3 git-ignored files not scanned");
        Fluxward.Result apps = Fluxward.run("scan", "--no-color", "-v", repo.dir.resolve("apps").toString());
        assertThat(apps.exit()).as(apps.out() + apps.err()).isZero();
        assertThat(apps.err()).contains("fluxward: info: 1 git-ignored file not scanned");

        Fluxward.Result named = Fluxward.run("scan", "--no-color", repo.dir.resolve("age.agekey").toString());
        assertThat(named.out()).contains("age.agekey:2:1: error FW-S004");
        Fluxward.Result ignoredFolder = Fluxward.run("scan", "--no-color", repo.dir.resolve("build").toString());
        assertThat(ignoredFolder.out()).contains("age.agekey:2:1: error FW-S004");

        // The baseline reads what the scan reads: the ignored keys are not recorded, the untracked one is.
        String baseline = repo.dir.resolve("baseline.json").toString();
        Fluxward.Result created = Fluxward.run("baseline", "create", baseline, "--path", repo.dir.toString());
        assertThat(created.out() + created.err()).contains("recorded 1 finding");
    }

    @Test
    void onlyTagSelectsRulesAndRejectsUnknownTags() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/a.yaml", PLAIN + "stringData:\n  x: y\n").add(".");
        Fluxward.Result secrets = scan(repo, "--staged", "--only-tag", "secrets");
        assertThat(secrets.out()).contains("FW-S001").doesNotContain("FW-G002");
        Fluxward.Result yaml = scan(repo, "--staged", "--only-tag", "yaml");
        assertThat(yaml.out()).contains("FW-G002").doesNotContain("FW-S001");
        Fluxward.Result typo = scan(repo, "--staged", "--only-tag", "secret");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("no rule has the tag 'secret'");
    }

    @Test
    void diffBaseComparesWithTheMergeBase() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/old.yaml", PLAIN).add(".").commit("debt");
        repo.ok("checkout", "-q", "-b", "feature");
        repo.write("apps/feature.yaml", PLAIN.replace("name: db", "name: feature")).add(".").commit("feature");
        repo.ok("checkout", "-q", "main");
        // main fixes the old debt after the fork; the feature branch still has it, but did not add it.
        repo.write("apps/old.yaml", ENCRYPTED).add(".").commit("fix on main");
        repo.ok("checkout", "-q", "feature");
        Fluxward.Result r = scan(repo, "--diff-base", "main", "-f", "github");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out().strip().lines()).hasSize(1);
        assertThat(r.out()).startsWith("::error file=apps/feature.yaml,line=7,");
        Fluxward.Result head = scan(repo, "--diff-base", "main", "--head", "main");
        assertThat(head.exit()).as(head.out() + head.err()).isZero();
        // Uncommitted work counts when --head is not given; ignored files do not.
        repo.write(".gitignore", "local/\n").write("local/secret.yaml", PLAIN).write("apps/wip.yaml",
                PLAIN.replace("name: db", "name: wip"));
        Fluxward.Result wip = scan(repo, "--diff-base", "main");
        assertThat(wip.out()).contains("apps/wip.yaml").contains("apps/feature.yaml").doesNotContain("local/");
        Fluxward.Result bad = scan(repo, "--diff-base", "no-such-branch");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown revision 'no-such-branch'");
    }

    /** git's revision syntax: what JGit lacks is spelled out for it, what fluxward cannot resolve is named. */
    @Test
    void revisionsAsGitReadsThem() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        Fluxward.Result unborn = scan(repo, "--diff-base", "HEAD");
        assertThat(unborn.exit()).isEqualTo(2);
        assertThat(unborn.err()).isEqualTo("fluxward: unknown revision 'HEAD': the branch 'main' has no commits yet\n");
        repo.write("apps/old.yaml", PLAIN).add(".").commit("debt");
        repo.ok("checkout", "-q", "-b", "feature");
        repo.write("apps/feature.yaml", PLAIN.replace("name: db", "name: feature")).add(".").commit("feature");
        repo.ok("checkout", "-q", "main");
        repo.write("apps/main.yaml", PLAIN.replace("name: db", "name: main")).add(".").commit("main");
        repo.ok("checkout", "-q", "feature");
        // HEAD@{1} is where HEAD was before the last checkout (main), not the feature branch's previous commit.
        for (String previous : List.of("@{-1}", "HEAD@{1}", "main")) {
            Fluxward.Result r = scan(repo, "--head", previous);
            assertThat(r.exit()).as(previous + ": " + r.err()).isEqualTo(1);
            assertThat(r.out()).as(previous).contains("apps/main.yaml").doesNotContain("apps/feature.yaml");
        }
        assertThat(scan(repo, "--diff-base", "@{-1}").out()).contains("apps/feature.yaml").doesNotContain("apps/old.yaml");
        assertThat(scan(repo, "--diff-base", "@").exit()).isZero();
        assertThat(scan(repo, "--diff-base", "@~1").out()).contains("apps/feature.yaml");
        for (String unsupported : List.of("HEAD^{/debt}", ":/debt", "main@{yesterday}", "HEAD:apps/old.yaml")) {
            Fluxward.Result r = scan(repo, "--diff-base", unsupported);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).as(unsupported).startsWith("fluxward: '" + unsupported + "': fluxward cannot resolve git's ");
        }
    }

    /**
     * A file name that is not UTF-8 reads the same from the work tree, the index, a commit and the history (as Java
     * names the file on disk), so its findings have one path and one fingerprint, and no rename is made up.
     */
    @Test
    void aNonUtf8FileNameIsTheSameFileEverywhere() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        TestRepo.Run made = repo.run(List.of("sh", "-c", "printf '%s' \"$0\" > \"$(printf 'lat\\351n.yaml')\"", PLAIN),
                java.util.Map.of());
        assertThat(made.exit()).as(made.all()).isZero();
        repo.add(".").commit("add");
        List<String> seen = new java.util.ArrayList<>();
        for (String[] how : List.of(new String[] {}, new String[] {"--head", "HEAD"}, new String[] {"--staged", "--all"})) {
            Fluxward.Result r = scan(repo, java.util.stream.Stream.concat(java.util.Arrays.stream(how),
                    java.util.stream.Stream.of("-f", "json")).toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            var finding = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("findings").get(0);
            seen.add(finding.get("path").asText() + " " + finding.get("fingerprint").asText());
        }
        assertThat(seen.get(0)).startsWith("lat\uFFFDn.yaml ");
        assertThat(seen).containsOnly(seen.get(0));
        TestRepo.Run edited = repo.run(List.of("sh", "-c", "echo '# x' >> \"$(printf 'lat\\351n.yaml')\""), java.util.Map.of());
        assertThat(edited.exit()).isZero();
        repo.add(".");
        Fluxward.Result staged = scan(repo, "--staged", "-v");
        assertThat(staged.exit()).as(staged.err()).isZero();
        assertThat(staged.err()).doesNotContain("renamed");
        Fluxward.Result audit = Fluxward.run("audit", "--history", "--repo", repo.dir.toString());
        assertThat(audit.out()).contains("lat\uFFFDn.yaml:7:").contains("still present at HEAD");
    }

    /**
     * In a shallow clone whose history stops before the merge base, the comparison with the base
     * branch's tip would blame the pull request for changes made on the base branch (here: a fix
     * made there after the fork): a one-line error says how to fetch the history instead.
     */
    @Test
    void diffBaseInAShallowCloneWithoutTheMergeBaseFails() {
        TestRepo origin = TestRepo.init(tmp, "origin");
        origin.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        origin.write("apps/old.yaml", PLAIN).add(".").commit("debt");
        origin.ok("checkout", "-q", "-b", "feature");
        origin.write("apps/feature.yaml", PLAIN.replace("name: db", "name: feature")).add(".").commit("feature");
        origin.ok("checkout", "-q", "main");
        origin.ok("rm", "-q", "apps/old.yaml");
        origin.commit("drop the debt on main");
        origin.ok("checkout", "-q", "feature");
        Path clonePath = tmp.resolve("clone");
        origin.ok("clone", "-q", "--depth", "1", "--no-single-branch", "-b", "feature", origin.dir.toUri().toString(),
                clonePath.toString());
        TestRepo clone = origin.at(clonePath);

        Fluxward.Result r = scan(clone, "--diff-base", "origin/main", "--no-color");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).doesNotContain("apps/old.yaml");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("cannot determine the merge base of origin/main and HEAD")
                .contains("shallow").contains("fetch-depth: 0").contains("--unshallow").doesNotContain("\tat ");
        Fluxward.Result head = scan(clone, "--diff-base", "origin/main", "--head", "origin/feature");
        assertThat(head.err()).contains("merge base of origin/main and origin/feature");

        // One more commit of history reaches the fork point (itself at the shallow boundary): exact again.
        clone.ok("fetch", "-q", "--deepen", "1");
        Fluxward.Result deeper = scan(clone, "--diff-base", "origin/main", "--no-color");
        assertThat(deeper.exit()).as(deeper.out() + deeper.err()).isEqualTo(1);
        assertThat(deeper.out()).contains("apps/feature.yaml:7:13: error FW-S001").doesNotContain("apps/old.yaml");
    }

    @Test
    void diffBaseWithUnrelatedHistoriesFails() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/old.yaml", PLAIN).add(".").commit("debt");
        repo.ok("checkout", "-q", "--orphan", "other");
        repo.ok("rm", "-q", "-r", "--cached", ".");
        repo.write("apps/settings.yaml", CONFIG_MAP).add("apps/settings.yaml").commit("unrelated");
        Fluxward.Result r = scan(repo, "--diff-base", "main", "--no-color");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("cannot determine the merge base of main and HEAD")
                .contains("no common ancestor").doesNotContain("shallow");
    }

    @Test
    void markdownSummaryDrawsTheFluxGraphWithFailingAppliersMarked() {
        TestRepo repo = Manifests.fluxRepository(TestRepo.init(tmp, "repo")).add(".").commit("flux");
        Fluxward.Result clean = Fluxward.run("scan", repo.dir.toString());
        assertThat(clean.exit()).as(clean.out()).isZero();
        // Deleting the Kustomization another one depends on: the real FW-F003, in a file that did not change.
        repo.ok("rm", "-q", "clusters/prod/infra.yaml");
        Fluxward.Result text = scan(repo, "--staged");
        assertThat(text.out()).contains("clusters/prod/apps.yaml:14:7: error FW-F003");
        Fluxward.Result r = scan(repo, "--staged", "-f", "markdown");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FW-F003").contains("### Flux dependency graph").contains("```mermaid\nflowchart LR")
                .containsPattern("class n\\d+ error");
        // With file rules only (FW-S004 is tagged keys) only changed files are read: no graph.
        Fluxward.Result keys = scan(repo, "--staged", "--only-tag", "keys", "-f", "markdown");
        assertThat(keys.out()).contains("0 errors").doesNotContain("mermaid");
    }

    @Test
    void usageErrors() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        assertThat(scan(repo, "--all").err()).contains("--all needs --staged or --diff-base");
        assertThat(scan(repo, "--staged", "--diff-base", "main").exit()).isEqualTo(2);
        Fluxward.Result notGit = Fluxward.run("scan", "--staged", tmp.resolve("repo").getParent().toString());
        assertThat(notGit.exit()).isEqualTo(2);
        assertThat(notGit.err()).contains("not inside a git repository");
    }

    @Test
    void baselineHidesRecordedFindingsAndCheckFindsFixedOnes() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/a.yaml", PLAIN).write("apps/b.yaml", PLAIN.replace("name: db", "name: b"));
        Path file = tmp.resolve("baseline.json");
        Fluxward.Result created = Fluxward.run("baseline", "create", file.toString(), "--path", repo.dir.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("recorded 2 findings");
        String json = Files.readString(file);
        assertThat(json).contains("\"rule\" : \"FW-S001\"").contains("\"path\" : \"apps/a.yaml\"")
                .doesNotContain("hunter2").doesNotContain("\"line\"");
        Fluxward.Result hidden = scan(repo, "--baseline", file.toString());
        assertThat(hidden.exit()).as(hidden.out()).isZero();
        assertThat(hidden.err()).contains("2 findings not shown (baseline)");
        // Lines moving does not break the match; a new finding is reported.
        repo.write("apps/a.yaml", "# moved\n" + PLAIN).write("apps/c.yaml", PLAIN.replace("name: db", "name: c"));
        Fluxward.Result fresh = scan(repo, "--baseline", file.toString());
        assertThat(fresh.exit()).isEqualTo(1);
        assertThat(fresh.out()).contains("apps/c.yaml").doesNotContain("apps/a.yaml").doesNotContain("apps/b.yaml");
        // Fixing b leaves a stale entry: check reports it, --prune drops it.
        repo.write("apps/b.yaml", ENCRYPTED);
        Fluxward.Result check = Fluxward.run("baseline", "check", file.toString(), "--path", repo.dir.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("apps/b.yaml: FW-S001").contains("1 of 2 baseline entries no longer match");
        assertThat(Fluxward.run("baseline", "check", "--prune", file.toString(), "--path", repo.dir.toString())
                .exit()).isZero();
        assertThat(Files.readString(file)).doesNotContain("apps/b.yaml").contains("apps/a.yaml");
        assertThat(Fluxward.run("baseline", "check", file.toString(), "--path", repo.dir.toString())
                .exit()).isZero();
        Files.writeString(file, "{\"not\": \"a baseline\"}");
        Fluxward.Result broken = scan(repo, "--baseline", file.toString());
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).contains("not a fluxward baseline");
    }

    /** A baseline that cannot be written is named as asked, with the reason, not by the temporary file beside it. */
    @Test
    void aBaselineThatCannotBeWrittenIsNamedWithTheReason() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/a.yaml", PLAIN);
        Path underFile = repo.dir.resolve("apps/a.yaml/bl.json");
        Fluxward.Result r = Fluxward.run("baseline", "create", underFile.toString(), "--path", repo.dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("fluxward: error: " + underFile + ": cannot write: "
                + repo.dir.resolve("apps/a.yaml") + " is a file, not a folder");
        Path climbing = repo.dir.resolve("none/../bl.json");
        r = Fluxward.run("baseline", "create", climbing.toString(), "--path", repo.dir.toString());
        assertThat(r.err().strip()).isEqualTo("fluxward: error: " + climbing + ": cannot write: no such folder: "
                + repo.dir.resolve("none/.."));
        assertThat(repo.dir.resolve("apps/a.yaml")).isRegularFile();
    }

    /** A broken baseline (the CI templates read the repository's own) is a one-line error naming the file. */
    @Test
    void brokenBaselineFilesGiveOneLineErrorsThatNameTheFile() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/a.yaml", PLAIN);
        Path file = tmp.resolve("bl.json");
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("bl.json: not valid JSON: ", ("{\"fluxward\": \"baseline\", \"x\": " + "[".repeat(1500))
                .getBytes(StandardCharsets.UTF_8));
        cases.put("bl.json: not a fluxward baseline (not UTF-8 text)", new byte[] {'{', (byte) 0xff, '}'});
        cases.put("bl.json:1: not valid JSON: Unexpected end-of-input", "{\"fluxward\": [1, 2".getBytes(StandardCharsets.UTF_8));
        cases.put("bl.json: has no 'findings' list", "{\"fluxward\": \"baseline\", \"version\": 1, \"findingz\": []}"
                .getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Files.write(file, c.getValue());
            Fluxward.Result r = scan(repo, "--baseline", file.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(c.getKey()).contains(c.getKey()).doesNotContain("\n").doesNotContain("Source")
                    .doesNotContain("internal error");
        }
        Files.delete(file);
        Files.createDirectory(file);
        Fluxward.Result folder = scan(repo, "--baseline", file.toString());
        assertThat(folder.err().strip()).endsWith("bl.json: cannot read the baseline (a folder)");
        // Created with the mode of any new file; a pruned one keeps its own.
        Path created = tmp.resolve("created.json");
        assertThat(Fluxward.run("baseline", "create", created.toString(), "--path", repo.dir.toString()).exit()).isZero();
        assertThat(Files.getPosixFilePermissions(created))
                .isEqualTo(Files.getPosixFilePermissions(Files.createFile(tmp.resolve("any-new-file"))));
        Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rw-rw----"));
        repo.write("apps/a.yaml", ENCRYPTED);
        assertThat(Fluxward.run("baseline", "check", "--prune", created.toString(), "--path", repo.dir.toString())
                .exit()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rw-rw----");
    }

    /** A leaked value replaced by another leaked value is a new finding for the baseline and for --staged. */
    @Test
    void anotherSecretValueInABaselinedPlaceIsANewFinding() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/a.yaml", PLAIN).write("creds.txt", "aws_access_key_id = AKIAQWERTYUIOPASDFGH\n")
                .add(".").commit("debt");
        Path file = tmp.resolve("baseline.json");
        assertThat(Fluxward.run("baseline", "create", file.toString(), "--path", repo.dir.toString()).out())
                .contains("recorded 2 findings");
        assertThat(Files.readString(file)).doesNotContain("hunter2").doesNotContain("AKIA");
        repo.write("apps/a.yaml", "# rotated\n" + PLAIN.replace("hunter2-canary-value", "hunter3-canary-value"))
                .write("creds.txt", "# rotated\nnew_key = AKIAZXCVBNMLKJHGFDSA\n").add(".");
        Fluxward.Result hidden = scan(repo, "--baseline", file.toString(), "--no-color");
        assertThat(hidden.exit()).as(hidden.err()).isEqualTo(1);
        assertThat(hidden.out()).contains("apps/a.yaml:8:13: error FW-S001").contains("creds.txt:2:11: error FW-S008");
        Fluxward.Result staged = scan(repo, "--staged", "--no-color");
        assertThat(staged.exit()).as(staged.err()).isEqualTo(1);
        assertThat(staged.out()).contains("apps/a.yaml:8:13: error FW-S001").contains("creds.txt:2:11: error FW-S008");
        // The same values on other lines are still the recorded findings.
        repo.write("apps/a.yaml", "# moved\n" + PLAIN).write("creds.txt", "# moved\naws_access_key_id = "
                + "AKIAQWERTYUIOPASDFGH\n");
        assertThat(scan(repo, "--baseline", file.toString()).exit()).isZero();
    }

    /**
     * The hook and the baseline on an accepted plaintext Secret with two values: removing one (either) or swapping
     * them blocks nothing and keeps the entry matching; {@code baseline check} reports the value gone and
     * {@code --prune} drops it from the entry; a value added is new for both.
     */
    @Test
    void removingOrReorderingValuesOfABaselinedSecretIsNothingNew() throws Exception {
        String head = PLAIN.substring(0, PLAIN.indexOf("  password:"));
        String token = "  apitoken: cnry-token-0a9f8e7d\n";
        String password = "  password: cnry-password-0a9f8e7d\n";
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/a.yaml", head + token + password).add(".").commit("debt");
        Path file = tmp.resolve("baseline.json");
        String path = repo.dir.toString();
        assertThat(Fluxward.run("baseline", "create", file.toString(), "--path", path).out()).contains("recorded 1 finding");
        assertThat(Files.readString(file)).contains("\"parts\"").doesNotContain("cnry");
        for (String edit : List.of(head + password, head + token, head + password + token)) {
            repo.write("apps/a.yaml", edit).add(".");
            Fluxward.Result staged = scan(repo, "--staged", "--no-color");
            assertThat(staged.exit()).as(edit + staged.out() + staged.err()).isZero();
            assertThat(staged.out() + staged.err()).doesNotContain("FW-S001").doesNotContain("commit blocked")
                    .doesNotContain("would be blocked");
            Fluxward.Result baselined = scan(repo, "--baseline", file.toString(), "--no-color");
            assertThat(baselined.exit()).as(edit + baselined.out()).isZero();
        }
        repo.write("apps/a.yaml", head + password).add(".");
        Fluxward.Result check = Fluxward.run("baseline", "check", file.toString(), "--path", path);
        assertThat(check.exit()).as(check.out()).isEqualTo(1);
        assertThat(check.out()).contains("apps/a.yaml: FW-S001").contains("1 of its 2 values no longer found")
                .contains("0 of 1 baseline entries no longer match, 1 more matches without some of its values");
        Fluxward.Result prune = Fluxward.run("baseline", "check", "--prune", file.toString(), "--path", path);
        assertThat(prune.out()).contains("removed 1 value no longer found");
        assertThat(Fluxward.run("baseline", "check", file.toString(), "--path", path).exit()).isZero();
        assertThat(scan(repo, "--baseline", file.toString()).exit()).isZero();
        // The pruned value is not accepted any more; neither is a new one.
        repo.write("apps/a.yaml", head + token + password).add(".");
        assertThat(scan(repo, "--baseline", file.toString()).exit()).isEqualTo(1);
        repo.write("apps/a.yaml", head + password + "  extra: cnry-extra-0a9f8e7d\n").add(".");
        Fluxward.Result added = scan(repo, "--staged", "--no-color");
        assertThat(added.exit()).isEqualTo(1);
        assertThat(added.out()).contains("apps/a.yaml:7:13: error FW-S001").doesNotContain("cnry");
        assertThat(scan(repo, "--baseline", file.toString()).exit()).isEqualTo(1);
    }

    /** An entry is judged only when the scan looked at its file and rule: a narrower scan keeps the others. */
    @Test
    void baselineCheckJudgesOnlyTheEntriesItsScanCovers() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/sub/a.yaml", PLAIN).write("infra/b.yaml", PLAIN.replace("name: db", "name: b"))
                .write("legacy/c.yaml", PLAIN.replace("name: db", "name: c"));
        Path file = tmp.resolve("baseline.json");
        String sub = repo.dir.resolve("apps/sub").toString();
        assertThat(Fluxward.run("baseline", "create", file.toString(), "--path", repo.dir.toString()).out())
                .contains("recorded 3 findings");
        String all = Files.readString(file);
        // A subfolder: the other folders' entries are neither reported nor pruned.
        Fluxward.Result check = Fluxward.run("baseline", "check", file.toString(), "--path", sub);
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("0 of 1 baseline entries no longer match (2 not checked")
                .doesNotContain("no longer found");
        assertThat(Fluxward.run("baseline", "check", "--prune", file.toString(), "--path", sub).exit()).isZero();
        assertThat(Files.readString(file)).isEqualTo(all);
        // Fixed inside the subfolder: only that entry goes.
        repo.write("apps/sub/a.yaml", ENCRYPTED);
        Fluxward.Result fixed = Fluxward.run("baseline", "check", file.toString(), "--path", sub);
        assertThat(fixed.exit()).isEqualTo(1);
        assertThat(fixed.out()).contains("apps/sub/a.yaml: FW-S001").doesNotContain("infra/").doesNotContain("legacy/");
        assertThat(Fluxward.run("baseline", "check", "--prune", file.toString(), "--path", sub).exit()).isZero();
        assertThat(Files.readString(file)).doesNotContain("apps/sub/a.yaml").contains("infra/b.yaml")
                .contains("legacy/c.yaml");
        // Paths the configuration ignores, and rules it disables, are not scanned either.
        repo.write(".fluxward.yaml", "ignore: [\"legacy/**\"]\n");
        Fluxward.Result ignored = Fluxward.run("baseline", "check", "--prune", file.toString(), "--path",
                repo.dir.toString());
        assertThat(ignored.out()).doesNotContain("no longer found").contains("(1 not checked");
        repo.write(".fluxward.yaml", "rules:\n  FW-S001: { enabled: false }\n");
        Fluxward.Result disabled = Fluxward.run("baseline", "check", "--prune", file.toString(), "--path",
                repo.dir.toString());
        assertThat(disabled.out()).doesNotContain("no longer found").contains("0 of 0 baseline entries");
        // A file the scan could not read (here: over the size limit) has findings nobody looked for.
        repo.write("infra/b.yaml", "#" + "x".repeat(400) + "\n" + PLAIN.replace("name: db", "name: b"));
        repo.write(".fluxward.yaml", "limits: { maxFileBytes: 300 }\n");
        Fluxward.Result unread = Fluxward.run("baseline", "check", "--prune", file.toString(), "--path",
                repo.dir.toString());
        assertThat(unread.out()).doesNotContain("no longer found").contains("0 of 1 baseline entries");
        assertThat(Files.readString(file)).contains("infra/b.yaml").contains("legacy/c.yaml");
    }

    private static final String FLUX_SYNC = """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: flux-system, namespace: flux-system}
            spec: {interval: 1m, url: ssh://git@example.com/fleet, ref: {branch: main}, recurseSubmodules: true}
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: flux-system, namespace: flux-system}
            spec: {interval: 10m, path: ./clusters/prod, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: shared, namespace: flux-system}
            spec: {interval: 10m, path: ./vendor/shared/base, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
            """;

    /**
     * A folder inside a git submodule exists for kustomize and Flux, but no scan reads it: no FW-K001 for a
     * kustomization entry into it, no FW-F009 for a Flux path to it, in every kind of scan; a plain scan of the
     * work tree does not read the submodule's files either (git scans skip them), so a baseline does not record them.
     */
    @Test
    void pathsIntoASubmoduleExistButAreNotSeen() throws Exception {
        TestRepo sub = TestRepo.init(tmp, "shared");
        sub.write("base/kustomization.yaml", "resources:\n  - cm.yaml\n").write("base/cm.yaml", CONFIG_MAP)
                .write("base/secret.yaml", PLAIN).add(".").commit("shared");
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("clusters/prod/sync.yaml", FLUX_SYNC).write("apps/prod/settings.yaml", CONFIG_MAP)
                .write("apps/prod/kustomization.yaml", "resources:\n  - settings.yaml\n").add(".").commit("init");
        repo.ok("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir.toString(), "vendor/shared");
        repo.write("apps/prod/kustomization.yaml", "resources:\n  - settings.yaml\n  - ../../vendor/shared/base\n"
                + "components:\n  - ../../vendor/shared/component\n").add(".");
        for (String[] mode : new String[][] {{"--staged", "--all"}, {"--diff-base", "HEAD", "--all"}, {}}) {
            Fluxward.Result r = scan(repo, concat(mode, "--no-color", "-v"));
            assertThat(r.out()).as(String.join(" ", mode)).doesNotContain("FW-K001").doesNotContain("FW-F009")
                    .doesNotContain("FW-S001");
            assertThat(r.err()).as(String.join(" ", mode)).contains("vendor/shared: git submodule: not scanned");
        }
        repo.commit("shared");
        Fluxward.Result head = scan(repo, "--head", "HEAD", "--no-color");
        assertThat(head.out()).doesNotContain("FW-K001").doesNotContain("FW-F009");
        Path file = tmp.resolve("baseline.json");
        assertThat(Fluxward.run("baseline", "create", file.toString(), "--path", repo.dir.toString()).exit()).isZero();
        assertThat(Files.readString(file)).doesNotContain("vendor/");
    }

    /**
     * In a sparse checkout the folders outside the cone are still the repository's: a plain scan reads them from
     * the index (no FW-K001 or FW-F009 for them), and a baseline check neither reports nor prunes their entries.
     */
    @Test
    void aSparseCheckoutIsScannedWholeFromTheIndex() throws Exception {
        TestRepo origin = TestRepo.init(tmp, "origin");
        origin.write("clusters/prod/sync.yaml", FLUX_SYNC.replace("./vendor/shared/base", "./apps/base"))
                .write("apps/base/kustomization.yaml", "resources:\n  - settings.yaml\n")
                .write("apps/base/settings.yaml", CONFIG_MAP).write("apps/base/old-secret.yaml", PLAIN)
                .write("apps/prod/kustomization.yaml", "resources:\n  - ../base\n").add(".").commit("init");
        assertThat(origin.git("clone", "-q", origin.dir.toString(), tmp.resolve("clone").toString()).exit()).isZero();
        TestRepo clone = origin.at(tmp.resolve("clone"));
        Path file = tmp.resolve("baseline.json");
        assertThat(Fluxward.run("baseline", "create", file.toString(), "--path", clone.dir.toString()).exit()).isZero();
        String recorded = Files.readString(file);
        assertThat(recorded).contains("apps/base/old-secret.yaml");
        clone.ok("sparse-checkout", "set", "--cone", "clusters", "apps/prod");
        assertThat(clone.dir.resolve("apps/base")).doesNotExist();
        Fluxward.Result r = scan(clone, "--no-color");
        assertThat(r.out()).doesNotContain("FW-K001").doesNotContain("FW-F009").contains("apps/base/old-secret.yaml");
        Fluxward.Result check = Fluxward.run("baseline", "check", "--prune", file.toString(), "--path", clone.dir.toString());
        assertThat(check.out()).doesNotContain("no longer found");
        assertThat(Files.readString(file)).isEqualTo(recorded);
    }

    /**
     * With --staged a path is what the index holds there (a folder: the entries below it), not what the work tree has:
     * a folder staged and then deleted from disk is scanned from the index. One of which the index holds nothing (all
     * of it deleted, or never added) has nothing to check: a note, no error. One known neither to git (index, HEAD) nor
     * to the work tree is an error, as git commit says of a pathspec that matches no file it knows. Nothing is written.
     */
    @Test
    void stagedPathsAreLookedUpInTheIndex() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("README", "x\n").add(".").commit("init");
        repo.write("apps/secret.yaml", PLAIN).add("apps");
        Files.delete(repo.dir.resolve("apps/secret.yaml"));
        Files.delete(repo.dir.resolve("apps"));
        byte[] index = Files.readAllBytes(repo.dir.resolve(".git/index"));
        for (String path : List.of("apps", "apps/secret.yaml")) {
            Fluxward.Result r = Fluxward.run("scan", "--staged", "--all", "--no-color", "--no-cache",
                    repo.dir.resolve(path).toString());
            assertThat(r.exit()).as(path + "\n" + r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains("apps/secret.yaml:7:13: error FW-S001");
        }
        Fluxward.Result nowhere = Fluxward.run("scan", "--staged", "--no-color", repo.dir.resolve("nope").toString());
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.out()).isEmpty();
        assertThat(nowhere.err().strip()).doesNotContain("\n")
                .endsWith("nope: no such file or folder in the index, in HEAD or in the work tree");
        assertThat(Files.readAllBytes(repo.dir.resolve(".git/index"))).isEqualTo(index);
        assertThat(repo.dir.resolve("apps")).doesNotExist();

        repo.commit("apps");
        repo.ok("rm", "-rq", "--cached", "apps");
        repo.write("new/settings.yaml", CONFIG_MAP);
        for (String path : List.of("apps", "apps/secret.yaml", "new", "new/settings.yaml")) {
            Fluxward.Result r = Fluxward.run("scan", "--staged", "--no-color", "-q", repo.dir.resolve(path).toString());
            assertThat(r.exit()).as(path + "\n" + r.out() + r.err()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("fluxward: note: " + path + (path.endsWith(".yaml")
                    ? ": not staged (the index does not hold it): nothing to check\n"
                    : ": nothing is staged there (the index holds no file below it): nothing to check\n"));
        }
    }

    /**
     * A work tree found through GIT_DIR/GIT_WORK_TREE (no .git in it) has its paths, and so its fingerprints, from its
     * top, as the same repository with a .git folder: from a subfolder they were relative to the current folder.
     */
    @Test
    void aWorkTreeFoundThroughGitDirHasPathsFromItsTop() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("qa/app/secret.yaml", PLAIN).add(".");
        TestRepo qa = repo.at(repo.dir.resolve("qa"));
        List<String> commands = List.of("scan --staged --all --no-cache", "scan", "baseline create " + tmp.resolve("b.json"));
        Map<String, String> withDotGit = new LinkedHashMap<>();
        for (String command : commands) {
            withDotGit.put(command, pathsAndFingerprints(qa, command, Map.of()));
        }
        assertThat(withDotGit.get("scan")).contains("path=qa/app/secret.yaml\n");
        Path gitDir = tmp.resolve("repo.git");
        Files.move(repo.dir.resolve(".git"), gitDir);
        Map<String, String> env = Map.of("GIT_DIR", gitDir.toString(), "GIT_WORK_TREE", repo.dir.toString());
        for (String command : commands) {
            assertThat(pathsAndFingerprints(qa, command, env)).as(command).isEqualTo(withDotGit.get(command));
        }
    }

    /** The paths and fingerprints (and nothing else) a command run in {@code dir} reports in JSON. */
    private String pathsAndFingerprints(TestRepo dir, String command, Map<String, String> env) throws Exception {
        boolean baseline = command.startsWith("baseline");
        TestRepo.Run run = dir.run(List.of("sh", "-c", Fluxward.command() + " " + command
                + (baseline ? "" : " -f json --fail-on never")), env);
        assertThat(run.exit()).as(command + "\n" + run.all()).isZero();
        String json = baseline ? Files.readString(tmp.resolve("b.json")) : run.out();
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(path|fingerprint)\" ?: \"([^\"]*)\"").matcher(json);
        while (m.find()) {
            out.append(m.group(1)).append('=').append(m.group(2)).append('\n');
        }
        assertThat(out).as(json).contains("fingerprint");
        return out.toString();
    }

    /** A folder and a file of one work tree on one command line: paths from the top, as for the folder alone. */
    @Test
    void severalPathsOfOneWorkTreeKeepPathsFromItsTop() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/s.yaml", PLAIN).write("other.yaml", "x: 1\n").add(".").commit("init");
        Fluxward.Result both = Fluxward.run("scan", "--no-color", "-q", repo.dir.toString(),
                repo.dir.resolve("other.yaml").toString());
        assertThat(both.out()).startsWith("apps/s.yaml:7:13: error FW-S001").doesNotContain("repo/");
        TestRepo other = TestRepo.init(tmp, "other");
        other.write("apps/s.yaml", PLAIN).add(".").commit("init");
        Fluxward.Result two = Fluxward.run("scan", "--no-color", "-q", repo.dir.toString(), other.dir.toString());
        assertThat(two.out()).contains("repo/apps/s.yaml:7:13").contains("other/apps/s.yaml:7:13");
    }

    /**
     * A note about a staged path that is no file to read (a new Git LFS pointer) is about the change: the hook's
     * scan shows it, as {@code --all} does; an unchanged pointer's note is not repeated at every commit.
     */
    @Test
    void stagedNotesAboutChangedPathsAreShown() {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/settings.yaml", CONFIG_MAP).add(".").commit("init");
        repo.write(".gitattributes", "lfs/** filter=lfs diff=lfs merge=lfs -text\n").write("lfs/big.yaml",
                "version https://git-lfs.github.com/spec/v1\noid sha256:"
                        + "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n").add(".");
        Fluxward.Result staged = scan(repo, "--staged", "-v", "--no-color");
        assertThat(staged.err()).contains("info: lfs/big.yaml: Git LFS pointer");
        repo.commit("lfs");
        repo.write("apps/other.yaml", CONFIG_MAP).add(".");
        assertThat(scan(repo, "--staged", "-v", "--no-color").err()).doesNotContain("LFS");
    }

    /**
     * kustomize follows a symbolic link to a folder of the repository: an entry naming the link builds that folder
     * (here a patch then misses its target, FW-K002), in the work tree and in a commit; a link that loops is a
     * cycle or unresolved, never a hang.
     */
    @Test
    void aLinkToAFolderOfTheRepositoryIsBuiltAsThatFolder() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        repo.write("apps/base/web/kustomization.yaml", "resources:\n  - settings.yaml\n")
                .write("apps/base/web/settings.yaml", CONFIG_MAP)
                .write("apps/prod/kustomization.yaml", "resources:\n  - weblink\npatches:\n  - target: {kind: ConfigMap,"
                        + " name: nope}\n    patch: '[{\"op\": \"add\", \"path\": \"/data/x\", \"value\": \"y\"}]'\n")
                .write("apps/loop/kustomization.yaml", "resources:\n  - self\n  - up/loop/self\n");
        Files.createSymbolicLink(repo.dir.resolve("apps/prod/weblink"), Path.of("../base/web"));
        Files.createSymbolicLink(repo.dir.resolve("apps/loop/self"), Path.of("."));
        Files.createSymbolicLink(repo.dir.resolve("apps/loop/up"), Path.of(".."));
        repo.add(".").commit("init");
        Fluxward.Result work = scan(repo, "--no-color", "-v");
        assertThat(work.out()).contains("apps/prod/kustomization.yaml:4:5: error FW-K002")
                .contains("apps/loop/kustomization.yaml:2:5: error FW-K001").contains("includes itself");
        assertThat(work.err()).contains("apps/prod/weblink: symbolic link to a folder: its files are scanned at "
                + "apps/base/web");
        Fluxward.Result head = scan(repo, "--no-color", "--head", "HEAD");
        assertThat(head.out()).contains("apps/prod/kustomization.yaml:4:5: error FW-K002");
    }

    /**
     * An entry naming a symbolic link kustomize cannot follow fails the build (kubectl kustomize: "evalsymlink
     * failure", "too many links", and a link out of the repository is not in Flux's artifact): FW-K001 at the entry,
     * saying why, in the work tree (listed whole, or through git's ignore rules), staged and committed. Links to a
     * folder and to a file of the repository are followed as before; a link out of a scanned subfolder that may stay
     * in the repository is not judged.
     */
    @Test
    void anEntryNamingALinkKustomizeCannotFollowIsMissing() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "repo");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("ext.yaml"), CONFIG_MAP.replace("settings", "ext"));
        repo.write("apps/base/kustomization.yaml", "resources:\n  - web.yaml\n")
                .write("apps/base/web.yaml", CONFIG_MAP.replace("settings", "web"))
                .write("extra/extra.yaml", CONFIG_MAP.replace("settings", "extra"))
                .write("apps/app/cm.yaml", CONFIG_MAP)
                .write("apps/app/kustomization.yaml", "resources:\n  - cm.yaml\n  - sub\n  - ../../loop-a\n  - ext.yaml\n"
                        + "  - baselink\n  - extra.yaml\nconfigMapGenerator:\n  - name: gen\n    files:\n      - gen.txt\n");
        Files.createSymbolicLink(repo.dir.resolve("apps/app/sub"), Path.of("../shared"));
        Files.createSymbolicLink(repo.dir.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(repo.dir.resolve("loop-b"), Path.of("loop-a"));
        Files.createSymbolicLink(repo.dir.resolve("apps/app/ext.yaml"), outside.resolve("ext.yaml"));
        Files.createSymbolicLink(repo.dir.resolve("apps/app/baselink"), Path.of("../base"));
        Files.createSymbolicLink(repo.dir.resolve("apps/app/extra.yaml"), Path.of("../../extra/extra.yaml"));
        Files.createSymbolicLink(repo.dir.resolve("apps/app/gen.txt"), Path.of("gone.txt"));
        repo.add(".");
        String k = "apps/app/kustomization.yaml:";
        List<String> expected = List.of(k + "3:5: error FW-K001 missing-resource: 'sub' is a symbolic link whose target"
                        + " does not exist", k + "4:5: error FW-K001 missing-resource: '../../loop-a' is a symbolic link that"
                        + " loops", k + "5:5: error FW-K001 missing-resource: 'ext.yaml' is a symbolic link that leaves the"
                        + " repository", k + "11:9: error FW-K001 missing-resource: 'gen.txt' is a symbolic link whose target"
                        + " does not exist");
        for (String[] args : List.of(new String[] {"--no-color"}, new String[] {"--staged", "--all", "--no-color"})) {
            Fluxward.Result r = scan(repo, args);
            assertThat(findings(r.out())).as(String.join(" ", args) + "\n" + r.out()).hasSize(4)
                    .allSatisfy(f -> assertThat(expected).anyMatch(f::startsWith));
            assertThat(r.exit()).isEqualTo(1);
        }
        repo.write(".gitignore", "*.tmp\n").add(".").commit("init");
        for (String[] args : List.of(new String[] {"--no-color"}, new String[] {"--head", "HEAD", "--no-color"})) {
            Fluxward.Result r = scan(repo, args);
            assertThat(findings(r.out())).as(String.join(" ", args) + "\n" + r.out()).hasSize(4)
                    .allSatisfy(f -> assertThat(expected).anyMatch(f::startsWith));
        }
        // Scanned alone, apps/app does not know whether ../shared is in the repository; ext.yaml leaves it anyway.
        Fluxward.Result sub = Fluxward.run("scan", "--no-color", repo.dir.resolve("apps/app").toString());
        assertThat(findings(sub.out())).as(sub.out()).noneMatch(f -> f.contains("'sub'"))
                .anyMatch(f -> f.contains("'ext.yaml' is a symbolic link that leaves the repository"));

        // The link's target folder made but not staged: the commit still breaks the build, the work tree does not.
        repo.write("apps/shared/kustomization.yaml", "resources:\n  - s.yaml\n")
                .write("apps/shared/s.yaml", CONFIG_MAP.replace("settings", "shared"));
        assertThat(findings(scan(repo, "--staged", "--all", "--no-color").out())).anyMatch(f -> f.contains("'sub'"));
        assertThat(findings(scan(repo, "--no-color").out())).noneMatch(f -> f.contains("'sub'")).hasSize(3);
    }

    private static List<String> findings(String out) {
        return out.lines().filter(l -> l.matches(".*:\\d+:\\d+: (error|warning|note) FW-.*")).toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
