package io.fluxward.git;

import static io.fluxward.git.Manifests.ENCRYPTED;
import static io.fluxward.git.Manifests.PLAIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.cli.TestPaths;
import io.fluxward.config.Config;
import io.fluxward.engine.Scanner;
import io.fluxward.engine.ScanOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit --history} on a 200-commit repository made in-process with JGit. */
class HistoryAuditTest {

    @TempDir
    Path tmp;

    private Path dir;
    private final List<RevCommit> commits = new ArrayList<>();

    /** Commit n (1-based) at 2024-01-01 + n hours; a secret is added in 17, edited in 25 and removed in 40. */
    @BeforeEach
    void history() throws Exception {
        dir = tmp.resolve("repo");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(dir.resolve("apps/db"));
            for (int n = 1; n <= 200; n++) {
                Files.writeString(dir.resolve("apps/counter.txt"), "commit " + n + "\n");
                if (n == 17) {
                    Files.writeString(dir.resolve("apps/db/secret.yaml"), PLAIN);
                } else if (n == 25) {
                    Files.writeString(dir.resolve("apps/db/secret.yaml"), "# still plaintext\n" + PLAIN);
                } else if (n == 40) {
                    Files.writeString(dir.resolve("apps/db/secret.yaml"), ENCRYPTED);
                } else if (n == 150) {
                    Files.writeString(dir.resolve("apps/api.yaml"), PLAIN.replace("name: db", "name: api"));
                }
                git.add().addFilepattern(".").call();
                PersonIdent who = new PersonIdent("Dev " + n, "dev@example.com",
                        Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * n), java.time.ZoneOffset.UTC);
                commits.add(git.commit().setMessage("commit " + n).setAuthor(who).setCommitter(who).setSign(false).call());
            }
            // A secret that only ever lived on an unmerged branch is in history too.
            git.checkout().setCreateBranch(true).setName("experiment").setStartPoint(commits.get(99)).call();
            Files.writeString(dir.resolve("apps/branch.yaml"), PLAIN.replace("name: db", "name: branch"));
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Dev", "dev@example.com", Instant.parse("2024-02-01T00:00:00Z"),
                    java.time.ZoneOffset.UTC);
            git.commit().setMessage("experiment").setAuthor(who).setCommitter(who).setSign(false).call();
            git.checkout().setName("main").call();
        }
    }

    private HistoryAudit.Report audit(HistoryAudit.Options options) throws Exception {
        try (GitRepository repo = GitRepository.open(dir)) {
            return new HistoryAudit(repo, new Scanner(Fluxward.rules(HistoryAudit.DEFAULT_RULES)), Config.empty(),
                    ScanOptions.defaults(), options).run();
        }
    }

    private static HistoryAudit.Options all() {
        return new HistoryAudit.Options(Optional.empty(), Optional.empty(), 0, 1 << 20, 2);
    }

    @Test
    void secretAddedIn17AndRemovedIn40IsFoundOnceWithItsCommit() throws Exception {
        HistoryAudit.Report report = audit(all());
        assertThat(report.commits()).isEqualTo(201);
        List<HistoryAudit.Leak> db = report.leaks().stream().filter(l -> l.finding().path().equals("apps/db/secret.yaml"))
                .toList();
        assertThat(db).hasSize(1);
        HistoryAudit.Leak leak = db.get(0);
        assertThat(leak.commit()).isEqualTo(commits.get(16).getId().name());
        assertThat(leak.presentAtHead()).isFalse();
        assertThat(leak.finding().line()).isEqualTo(7);
        assertThat(leak.authorDate()).isEqualTo(Instant.parse("2024-01-01T17:00:00Z"));
        assertThat(leak.finding().message()).doesNotContain("hunter2");
        // The file is gone at HEAD: encrypting it (the scan's fix) is no fix, rotating the value is.
        assertThat(io.fluxward.cli.AuditCommand.message(leak)).contains("rotate it (HEAD no longer holds it")
                .doesNotContain("sops").doesNotContain("--in-place").startsWith(leak.finding().message()
                        .substring(0, leak.finding().message().indexOf(": encrypt it with")));
        // Each file version is read once: 200 counters, 3 versions of the secret, the api file, the branch file.
        assertThat(report.blobs()).isEqualTo(200 + 3 + 1 + 1);
    }

    @Test
    void secretStillAtHeadAndSecretOnAnotherBranch() throws Exception {
        HistoryAudit.Report report = audit(all());
        HistoryAudit.Leak api = report.leaks().stream().filter(l -> l.finding().path().equals("apps/api.yaml"))
                .findFirst().orElseThrow();
        assertThat(api.commit()).isEqualTo(commits.get(149).getId().name());
        assertThat(api.presentAtHead()).isTrue();
        assertThat(io.fluxward.cli.AuditCommand.message(api)).isEqualTo(api.finding().message());
        assertThat(report.leaks()).anyMatch(l -> l.finding().path().equals("apps/branch.yaml") && !l.presentAtHead());
        assertThat(report.leaks()).hasSize(3);
    }

    /** A renamed file carries its secret along: still one leak, still present at HEAD; a copy is a leak of its own. */
    @Test
    void aSecretMovedToAnotherPathIsTheSameLeakAndACopyIsAnother() throws Exception {
        Path moves = tmp.resolve("moves");
        List<RevCommit> made = new ArrayList<>();
        try (Git git = Git.init().setDirectory(moves.toFile()).setInitialBranch("main").call()) {
            PersonIdent who = new PersonIdent("Dev", "dev@example.com", Instant.parse("2024-03-01T00:00:00Z"),
                    java.time.ZoneOffset.UTC);
            Files.createDirectories(moves.resolve("apps"));
            Files.writeString(moves.resolve("apps/old.yaml"), PLAIN);
            git.add().addFilepattern(".").call();
            made.add(git.commit().setMessage("add").setAuthor(who).setCommitter(who).setSign(false).call());
            Files.writeString(moves.resolve("apps/copy.yaml"), PLAIN.replace("name: db", "name: copy"));
            git.add().addFilepattern(".").call();
            made.add(git.commit().setMessage("copy").setAuthor(who).setCommitter(who).setSign(false).call());
            Files.move(moves.resolve("apps/old.yaml"), moves.resolve("apps/new.yaml"));
            git.add().addFilepattern(".").call();
            git.rm().addFilepattern("apps/old.yaml").call();
            made.add(git.commit().setMessage("rename").setAuthor(who).setCommitter(who).setSign(false).call());
        }
        dir = moves;
        HistoryAudit.Report report = audit(all());
        assertThat(report.leaks()).extracting(l -> l.finding().path() + " " + l.commit() + " " + l.presentAtHead() + " "
                + l.movedTo()).containsExactly(
                "apps/copy.yaml " + made.get(1).getId().name() + " true []",
                "apps/old.yaml " + made.get(0).getId().name() + " true [apps/new.yaml]");
    }

    /** A rename chain (an edit on the way included) is followed to its end: one leak, "moved to" the last path. */
    @Test
    void aSecretRenamedTwiceIsStillOneLeak() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "chain");
        repo.write("a.yaml", PLAIN).add(".").commit("add");
        String added = repo.head();
        repo.ok("mv", "a.yaml", "b.yaml");
        repo.write("b.yaml", PLAIN.replace("metadata:\n", "metadata:\n  labels: {x: y}\n")).add(".").commit("move, edit");
        repo.ok("mv", "b.yaml", "c.yaml");
        repo.commit("move again");
        Files.createDirectories(repo.dir.resolve("d"));
        repo.ok("mv", "c.yaml", "d/e.yaml");
        repo.commit("and again");
        dir = repo.dir;
        assertThat(audit(all()).leaks()).extracting(l -> l.finding().path() + " " + l.commit() + " " + l.presentAtHead()
                + " " + l.movedTo()).containsExactly("a.yaml " + added + " true [d/e.yaml]");
    }

    /**
     * The values of a plaintext Secret: one added later is a leak of its own, at its commit; swapping values or
     * removing one introduces nothing. The first leak is still present at HEAD through the value that stayed.
     */
    @Test
    void aValueAddedToASecretIsALeakAndRemovingOrSwappingValuesIsNone() throws Exception {
        String head = PLAIN.substring(0, PLAIN.indexOf("  password:"));
        String token = "  apitoken: cnry-token-0a9f8e7d\n";
        String password = "  password: cnry-password-0a9f8e7d\n";
        TestRepo repo = TestRepo.init(tmp, "values");
        repo.write("s.yaml", head + token + password).add(".").commit("add");
        String added = repo.head();
        repo.write("s.yaml", head + password + token).add(".").commit("swap");
        repo.write("s.yaml", head + password).add(".").commit("token moved to an ExternalSecret");
        repo.write("s.yaml", head + password + "  extra: cnry-extra-0a9f8e7d\n").add(".").commit("add extra");
        String extra = repo.head();
        dir = repo.dir;
        HistoryAudit.Report report = audit(all());
        assertThat(report.leaks()).extracting(l -> l.commit() + " " + l.presentAtHead())
                .containsExactlyInAnyOrder(added + " true", extra + " true");
        assertThat(report.leaks().toString()).doesNotContain("cnry");
    }

    /**
     * A value left in clear in a SOPS-encrypted file (where its own encrypted_regex says it is encrypted) is a secret in
     * history like a plaintext Secret: FW-S002 runs by default.
     */
    @Test
    void aPlaintextValueInASopsFileIsFound() throws Exception {
        TestRepo repo = TestRepo.init(tmp, "sops");
        repo.write("s.sops.yaml", Files.readString(TestPaths.testdata().resolve(
                "cases/FW-F007/quiet-decryption-configured/apps/db.sops.yaml")).replace("type: Opaque\nstringData:\n",
                "type: Opaque\nstringData:\n    token: cnry-sops-0a9f8e7d\n")).add(".").commit("add");
        dir = repo.dir;
        HistoryAudit.Report report = audit(all());
        assertThat(report.leaks()).extracting(l -> l.finding().ruleId()).containsExactly("FW-S002");
        assertThat(report.leaks().toString()).doesNotContain("cnry");
    }

    /** A bare repository (a mirror) has all the history the audit needs; its configuration is HEAD's. */
    @Test
    void aBareMirrorIsAudited() {
        TestRepo repo = TestRepo.init(tmp, "work");
        repo.write("s.yaml", PLAIN).write("ignored/s.yaml", PLAIN).write(".fluxward.yaml", "ignore: [\"ignored/**\"]\n")
                .add(".").commit("add");
        repo.ok("clone", "-q", "--mirror", ".", tmp.resolve("mirror.git").toString());
        Fluxward.Result r = Fluxward.run("audit", "--history", "--repo", tmp.resolve("mirror.git").toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("s.yaml:7:").contains("still present at HEAD").contains("1 finding in history")
                .doesNotContain("ignored/");
        assertThat(Fluxward.run("scan", "--staged", tmp.resolve("mirror.git").toString()).err()).contains("bare");
    }

    @Test
    void maxCommitsBelowOneIsAUsageError() {
        for (String n : List.of("0", "-1")) {
            Fluxward.Result r = Fluxward.run("audit", "--history", "--max-commits", n, "--repo", dir.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("fluxward: --max-commits must be at least 1 (leave it out to audit every commit)\n");
        }
    }

    @Test
    void sinceAndMaxCommitsNarrowTheWalk() throws Exception {
        HistoryAudit.Report recent = audit(new HistoryAudit.Options(Optional.of(Instant.parse("2024-01-03T00:00:00Z")),
                Optional.empty(), 0, 1 << 20, 1));
        assertThat(recent.leaks()).extracting(l -> l.finding().path()).containsExactly("apps/api.yaml", "apps/branch.yaml");
        HistoryAudit.Report newest = audit(new HistoryAudit.Options(Optional.empty(), Optional.empty(), 10, 1 << 20, 1));
        assertThat(newest.commits()).isEqualTo(10);
        HistoryAudit.Report sinceRef = audit(new HistoryAudit.Options(Optional.empty(),
                Optional.of(commits.get(30).getId().name()), 0, 1 << 20, 1));
        assertThat(sinceRef.leaks()).extracting(l -> l.finding().path()).containsExactly("apps/api.yaml", "apps/branch.yaml");
    }

    @Test
    void hugeBlobsAreSkippedAndCounted() throws Exception {
        HistoryAudit.Report report = audit(new HistoryAudit.Options(Optional.empty(), Optional.empty(), 0, 100, 2));
        assertThat(report.skippedLarge()).isGreaterThan(0);
        assertThat(report.notes()).anyMatch(n -> n.message().contains("--max-blob-bytes"));
    }

    /** An author name (or path) from the history is shown with its control characters as \\xNN. */
    @Test
    void theTextReportShowsNoControlCharactersFromTheHistory() throws Exception {
        Path other = tmp.resolve("crafted");
        try (Git git = Git.init().setDirectory(other.toFile()).setInitialBranch("main").call()) {
            Files.writeString(other.resolve("secret.yaml"), PLAIN);
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Evil\u001b[2J", "e@example.com");
            git.commit().setMessage("m").setAuthor(who).setCommitter(who).setSign(false).call();
        }
        Fluxward.Result r = Fluxward.run("audit", "--history", "--repo", other.toString());
        assertThat(r.out()).contains("Evil\\x1b[2J").doesNotContain("\u001b");
    }

    @Test
    void commandLineSaysCommitAndNotPresentAtHead() {
        Fluxward.Result r = Fluxward.run("audit", "--history", "--repo", dir.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("apps/db/secret.yaml:7:").contains(commits.get(16).getId().name())
                .contains("not present at HEAD").contains("still present at HEAD").contains("3 findings in history")
                .doesNotContain("hunter2");
        Fluxward.Result json = Fluxward.run("audit", "--history", "--repo", dir.toString(), "--format", "json");
        assertThat(json.out()).contains("\"ruleId\" : \"FW-").contains("\"name\" : \"")
                .contains("\"presentAtHead\" : false").contains("\"commit\" : \""
                + commits.get(16).getId().name());
        assertThat(r.out()).contains("FW-S001, FW-S002, FW-S004, FW-S005, FW-S008");
        // Identical runs print identical reports: the time taken is on standard error, with --verbose only.
        assertThat(Fluxward.run("audit", "--history", "--repo", dir.toString()).out()).isEqualTo(r.out());
        assertThat(Fluxward.run("audit", "--history", "--repo", dir.toString(), "--format", "json").out())
                .isEqualTo(json.out()).doesNotContain("seconds");
        Fluxward.Result verbose = Fluxward.run("audit", "--history", "--repo", dir.toString(), "-v");
        assertThat(verbose.out()).isEqualTo(r.out()).doesNotContain("blobs/s");
        assertThat(verbose.err()).containsPattern("fluxward: info: audited in \\d+\\.\\d s \\(\\d+ blobs/s\\)");
        Fluxward.Result noRules = Fluxward.run("audit", "--history", "--repo", dir.toString(), "--rules", "FW-G999");
        assertThat(noRules.exit()).isEqualTo(2);
        Fluxward.Result lowerCase = Fluxward.run("audit", "--history", "--repo", dir.toString(), "--rules", "fw-s001");
        assertThat(lowerCase.out()).as(lowerCase.err()).contains("FW-S001").contains("3 findings in history");
        assertThat(Fluxward.run("audit", "--history", "--repo", dir.toString(), "--rules", "FW-S01").err())
                .contains("unknown rule 'FW-S01' (did you mean 'FW-S001'?)");
        assertThat(Fluxward.run("audit", "--history", "--repo", dir.toString(), "--threads", "0").exit()).isEqualTo(2);
        Fluxward.Result crossFile = Fluxward.run("audit", "--history", "--repo", dir.toString(), "--rules", "FW-S010");
        assertThat(crossFile.err()).contains("looks across files");
        Fluxward.Result testRule = Fluxward.run("audit", "--history", "--repo", dir.toString(), "--rules-jar",
                Fluxward.testRulesJar(tmp).toString(), "--rules", "TEST-S001");
        assertThat(testRule.out()).contains("TEST-S001").contains("3 findings in history");
    }
}
