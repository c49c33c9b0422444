package io.fluxward.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.kustomize.Build;
import io.fluxward.kustomize.BuildProblem;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanned folder is the whole world: links out of it are not followed, kustomize paths that
 * climb out are refused, and nothing outside is ever opened. Outside the root sit canaries: a
 * file with a unique text that must never show up, and a named pipe that would block any
 * {@code open()} forever (so a scan that finishes proves the pipe was never opened).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileFilesystemTest {

    private static final String CANARY = "FWCANARY-OUTSIDE-4d1b";

    @TempDir
    Path temp;

    @BeforeAll
    static void ownExecution() {
        Reliability.requireOwnExecution();
    }

    private Path outside() throws IOException, InterruptedException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: " + CANARY
                + "}\nstringData: {password: " + CANARY + "}\nkey: a\nkey: b\n");
        mkfifo(outside.resolve("pipe.yaml"));
        return outside;
    }

    @Test
    void linksOutOfTheRootAreNotFollowedAndNothingOutsideIsRead() throws Exception {
        Path outside = outside();
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.createDirectories(repo.resolve("apps"));
        Files.writeString(repo.resolve("apps/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n");
        Files.createSymbolicLink(repo.resolve("apps/secret.yaml"), outside.resolve("secret.yaml"));
        Files.createSymbolicLink(repo.resolve("apps/pipe.yaml"), outside.resolve("pipe.yaml"));
        Files.createSymbolicLink(repo.resolve("outside-dir"), outside);
        Files.createSymbolicLink(repo.resolve("apps/relative.yaml"), Path.of("../../outside/secret.yaml"));
        Files.createSymbolicLink(repo.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(repo.resolve("inside.yaml"), Path.of("apps/cm.yaml"));
        Files.writeString(repo.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources:\n  - ../../../../etc\n  - ../outside/secret.yaml\n  - " + outside
                + "/secret.yaml\n  - /etc/passwd\n  - outside-dir/secret.yaml\n  - etc/passwd\n  - apps/cm.yaml\n");

        MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", "-v", repo.toString());
        assertThat(run.out() + run.err()).doesNotContain(CANARY, "root:");
        assertThat(run.notes()).contains(
                "warning: apps/secret.yaml: symbolic link to a path outside the scanned folder: not followed",
                "warning: apps/pipe.yaml: symbolic link to a path outside the scanned folder: not followed",
                "warning: apps/relative.yaml: symbolic link to a path outside the scanned folder: not followed",
                "warning: outside-dir: symbolic link to a path outside the scanned folder: not followed",
                "warning: etc: symbolic link to a path outside the scanned folder: not followed");
        // The scanned folder is the repository (no git): entries that leave it, or go through a link that is not
        // followed, fail the kustomize build, and are reported as such without reading what they name.
        assertThat(run.findings()).containsExactly("inside.yaml:2 FW-K004", "kustomization.yaml:4 FW-K001",
                "kustomization.yaml:5 FW-K001", "kustomization.yaml:6 FW-K001", "kustomization.yaml:7 FW-K001",
                "kustomization.yaml:8 FW-K001", "kustomization.yaml:9 FW-K001");
        assertThat(run.exit()).isEqualTo(1);

        // The kustomize engine refuses every entry that leaves the root, and reads only the one inside.
        WorkTreeSnapshot snapshot = new WorkTreeSnapshot(repo);
        RepositoryModel model = new Scanner(RuleSet.load(List.of())).model(snapshot, Config.empty(), ScanOptions.defaults(),
                new ArrayList<>());
        Build build = model.facet(Kustomize.FACET).build("");
        assertThat(build.resources()).allSatisfy(r -> assertThat(r.toString()).doesNotContain(CANARY, "outside"));
        assertThat(build.problems()).filteredOn(p -> p.kind() == BuildProblem.Kind.OUTSIDE_ROOT).hasSizeGreaterThanOrEqualTo(4);
        assertThat(model.exists("outside-dir/secret.yaml")).as("existence is not probed through a link").isFalse();
        assertThat(model.exists("etc/passwd")).isFalse();
        assertThat(snapshot.files()).containsExactly("apps/cm.yaml", "inside.yaml", "kustomization.yaml");
    }

    @Test
    void linkSwappedAfterListingIsNotFollowedOut() throws Exception {
        Path outside = outside();
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.writeString(repo.resolve("target.yaml"), "a: 1\n");
        Files.createSymbolicLink(repo.resolve("link.yaml"), Path.of("target.yaml"));
        WorkTreeSnapshot snapshot = new WorkTreeSnapshot(repo);
        assertThat(snapshot.files()).containsExactly("link.yaml", "target.yaml");
        Files.delete(repo.resolve("link.yaml"));
        Files.createSymbolicLink(repo.resolve("link.yaml"), outside.resolve("pipe.yaml"));
        ScanResult result = new Scanner(RuleSet.load(List.of())).scan(snapshot, Config.empty(), ScanOptions.defaults());
        assertThat(result.notes()).extracting(Note::render)
                .contains("link.yaml: cannot read: symbolic link now points outside the scanned folder");
    }

    @Test
    void discoveredConfigurationMayNotLinkOutOrBeHuge() throws Exception {
        Path outside = outside();
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.writeString(repo.resolve("a.yaml"), "a: 1\n");
        Files.writeString(outside.resolve("config.yaml"), CANARY + ": 1\n");
        Files.createSymbolicLink(repo.resolve(".fluxward.yaml"), outside.resolve("config.yaml"));
        MeasuredRun linked = MeasuredRun.inProcess("scan", "--no-color", repo.toString());
        assertThat(linked.exit()).isEqualTo(2);
        assertThat(linked.err()).contains("a symbolic link out of the repository; not read").doesNotContain(CANARY);

        Files.delete(repo.resolve(".fluxward.yaml"));
        Files.writeString(repo.resolve(".fluxward.yaml"), "ignore:\n" + "  - a\n".repeat(300_000));
        MeasuredRun huge = MeasuredRun.inProcess("scan", "--no-color", repo.toString());
        assertThat(huge.exit()).isEqualTo(2);
        assertThat(huge.err()).contains("larger than 1048576 bytes; not read");

        // Named on the command line, a configuration outside the repository is the user's choice: read.
        Files.writeString(outside.resolve("ok.yaml"), "rules:\n  FW-G002: {enabled: false}\n");
        MeasuredRun named = MeasuredRun.inProcess("scan", "--no-color", "--config", outside.resolve("ok.yaml").toString(),
                repo.toString());
        assertThat(named.exit()).as(named.err()).isZero();
    }

    @Test
    void loopsPipesAndLinksToFolders() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.createDirectories(repo.resolve("a"));
        Files.createSymbolicLink(repo.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(repo.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(repo.resolve("a/up"), Path.of(".."));
        Files.createSymbolicLink(repo.resolve("dangling.yaml"), Path.of("nothing-here.yaml"));
        mkfifo(repo.resolve("fifo.yaml"));
        Files.writeString(repo.resolve("a/ok.yaml"), "a: 1\n");
        MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", "-v", repo.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.notes()).containsExactlyInAnyOrder(
                "info: a/up: symbolic link to a folder: its files are scanned at the top",
                "warning: dangling.yaml: broken or looping symbolic link: not followed",
                "info: fifo.yaml: not a regular file (device, socket or pipe): skipped",
                "warning: loop1: broken or looping symbolic link: not followed",
                "warning: loop2: broken or looping symbolic link: not followed");
        assertThat(run.out()).contains("in 1 file");
    }

    @Test
    void scanThroughASymlinkedRootSeesTheFiles() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.writeString(repo.resolve("dup.yaml"), "a: 1\na: 2\n");
        Path link = Files.createSymbolicLink(temp.resolve("repo-link"), repo);
        MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", link.toString());
        assertThat(run.findings()).containsExactly("dup.yaml:2 FW-G002");
    }

    @Test
    void fileDeletedWhileScanningIsAWarning() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.writeString(repo.resolve("gone.yaml"), "a: 1\n");
        Files.writeString(repo.resolve("stays.yaml"), "a: 1\na: 2\n");
        WorkTreeSnapshot snapshot = new WorkTreeSnapshot(repo);
        assertThat(snapshot.files()).hasSize(2);
        Files.delete(repo.resolve("gone.yaml"));
        ScanResult result = new Scanner(RuleSet.load(List.of())).scan(snapshot, Config.empty(), ScanOptions.defaults());
        assertThat(result.notes()).extracting(Note::render).containsExactly("gone.yaml: disappeared while scanning");
        assertThat(result.findings()).extracting(f -> f.path() + ":" + f.line() + " " + f.ruleId())
                .containsExactly("stays.yaml:2 FW-G002");
    }

    @Test
    void caseOnlyNameClashesAreWarnings() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.writeString(repo.resolve("Secret.yaml"), "a: 1\n");
        Files.writeString(repo.resolve("secret.yaml"), "a: 2\n");
        MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", repo.toString());
        assumeTrue(Files.list(repo).count() == 2, "case-insensitive file system");
        assertThat(run.exit()).isZero();
        assertThat(run.notes()).containsExactly(
                "warning: Secret.yaml: differs only by case from secret.yaml: on macOS and Windows checkouts one file "
                        + "overwrites the other",
                "warning: secret.yaml: differs only by case from Secret.yaml: on macOS and Windows checkouts one file "
                        + "overwrites the other");
    }

    @Test
    void nonUtf8FileNamesAreReadByTheirOwnBytes() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        // Java cannot name such a file; the shell can.
        int code = new ProcessBuilder("sh", "-c", "printf 'a: 1\\na: 2\\n' > \"$(printf 'caf\\351.yaml')\"")
                .directory(repo.toFile()).inheritIO().start().waitFor();
        assumeTrue(code == 0, "sh with printf");
        MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", repo.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.findings()).hasSize(1).allSatisfy(f -> assertThat(f).startsWith("caf").endsWith(".yaml:2 FW-G002"));
        assertThat(run.notes()).isEmpty();
    }

    @Test
    void veryLongPaths() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Path dir = repo;
        String part = "d".repeat(200);
        while (dir.toString().length() < 3600) {
            dir = dir.resolve(part);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("f".repeat(240) + ".yaml"), "a: 1\na: 2\n");
        MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", repo.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.findings()).hasSize(1).allSatisfy(f -> assertThat(f).endsWith(".yaml:2 FW-G002"));

        // Beyond PATH_MAX (4096 bytes) the walk cannot open the folder: an error note (exit 2), not a crash.
        // Java cannot create such a tree (no openat); python3 can, when it is there.
        assumeTrue(hasPython(), "python3 to build a tree deeper than PATH_MAX");
        String script = "import os\nfd=os.open('.', os.O_RDONLY)\nfor i in range(30):\n    os.mkdir('" + part
                + "', dir_fd=fd)\n    nfd=os.open('" + part + "', os.O_RDONLY, dir_fd=fd)\n    os.close(fd)\n    fd=nfd\n"
                + "w=os.open('deep.yaml', os.O_WRONLY|os.O_CREAT, 0o644, dir_fd=fd)\nos.write(w, b'a: 1\\n')\n";
        Path deep = Files.createDirectories(temp.resolve("deep"));
        try {
            assertThat(new ProcessBuilder("python3", "-c", script).directory(deep.toFile()).inheritIO().start().waitFor())
                    .isZero();
            MeasuredRun tooDeep = MeasuredRun.inProcess("scan", "--no-color", deep.toString());
            assertThat(tooDeep.exit()).as(tooDeep.out() + tooDeep.err()).isEqualTo(2);
            assertThat(tooDeep.notes()).filteredOn(n -> n.startsWith("error: ")).hasSize(1)
                    .allSatisfy(n -> assertThat(n).endsWith(": cannot read: File name too long"));
        } finally {
            // JUnit cannot delete a tree deeper than PATH_MAX either; python's rmtree works through directory fds.
            new ProcessBuilder("python3", "-c", "import shutil; shutil.rmtree('deep')").directory(temp.toFile())
                    .inheritIO().start().waitFor();
        }
    }

    @Test
    void unreadableFilesAndFoldersAreErrorsForAnUnprivilegedUser() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to run the scan as 'nobody' (root reads everything)");
        Path base = Files.createDirectories(temp.resolve("world"));
        Path repo = Files.createDirectories(base.resolve("repo"));
        Files.writeString(repo.resolve("ok.yaml"), "a: 1\n");
        Files.writeString(repo.resolve("locked.yaml"), "a: 1\n");
        Files.createDirectories(repo.resolve("locked-dir"));
        Files.writeString(repo.resolve("locked-dir/inner.yaml"), "a: 1\n");
        Path jars = Files.createDirectories(base.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : MeasuredRun.classPath().split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = jars.resolve((i++) + "-" + from.getFileName());
            copyTree(from, to);
            entries.add(to.toString());
        }
        openUp(temp);
        Files.setPosixFilePermissions(repo.resolve("locked.yaml"), PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(repo.resolve("locked-dir"), PosixFilePermissions.fromString("---------"));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                String.join(java.io.File.pathSeparator, entries), "io.fluxward.cli.Main", "scan", "--no-color", repo.toString())
                .redirectErrorStream(true);
        pb.environment().put("HOME", base.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("fluxward: error: locked.yaml: cannot read: permission denied",
                "fluxward: error: locked-dir: cannot read: permission denied").doesNotContain("Exception", "\tat ");
        assertThat(p.exitValue()).as(output).isEqualTo(2);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** Makes the temporary tree readable by 'nobody' (temporary folders are created owner-only). */
    private static void openUp(Path root) throws IOException {
        for (Path p = root; p != null && !p.equals(p.getRoot()); p = p.getParent()) {
            if (Files.getOwner(p).getName().equals("root") && p.startsWith(System.getProperty("java.io.tmpdir"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.toList()) {
                String perms = Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--";
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean hasPython() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        int code = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor();
        assumeTrue(code == 0, "mkfifo");
    }
}
