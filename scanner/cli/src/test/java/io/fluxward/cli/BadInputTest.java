package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.model.Note;
import io.fluxward.snapshot.MemorySnapshot;
import io.fluxward.snapshot.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input fluxward cannot use: each case gives one clear line naming the file and the reason, the
 * documented exit code, and never a stack trace.
 */
class BadInputTest {

    @TempDir
    Path dir;

    private static void assertNoStackTrace(CliRun run) {
        assertThat(run.err()).as("%s", run).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Caused by");
        assertThat(run.out()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingPath() {
        CliRun run = CliRun.of("scan", dir.resolve("nope").toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).containsExactly("fluxward: " + dir.resolve("nope") + ": no such file or directory");
        assertThat(run.out()).isEmpty();
        assertNoStackTrace(run);
    }

    @Test
    void emptyPathIsAnErrorNotTheCurrentFolder() {
        // "$DIR" of an unset variable: scanning the current folder instead would check the wrong files.
        CliRun run = CliRun.of("scan", "");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).containsExactly(
                "fluxward: an empty path was given (an unset variable?): name a folder or file, or none for the current folder");
        assertThat(run.out()).isEmpty();
        assertNoStackTrace(run);
    }

    @Test
    void somethingThatIsNeitherFileNorFolder() {
        Path device = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(device) && !Files.isRegularFile(device), "no /dev/null on this system");
        CliRun run = CliRun.of("scan", device.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).containsExactly("fluxward: /dev/null: not a regular file or directory");
        assertNoStackTrace(run);
    }

    @Test
    void unreadableFile() throws Exception {
        Path file = dir.resolve("secret.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions on this file system");
        }
        Assumptions.assumeFalse(Files.isReadable(file),
                "running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not make the file unreadable; "
                        + "the engine-level test below still covers the case");
        CliRun run = CliRun.of("scan", "--no-color", dir.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).contains("fluxward: error: secret.yaml: cannot read: permission denied");
        assertNoStackTrace(run);
    }

    @Test
    void unreadableFolderNamedDirectly() throws Throwable {
        withUnreadableFolder(sub -> {
            CliRun run = CliRun.of("scan", "--no-color", sub.toString());
            assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.errLines()).containsExactly("fluxward: error: " + sub + ": cannot read: permission denied");
            assertThat(run.out()).isEmpty();
            assertNoStackTrace(run);
        });
    }

    @Test
    void unreadableSubfolderIsAnErrorWithoutANoFilesWarning() throws Throwable {
        withUnreadableFolder(sub -> {
            CliRun run = CliRun.of("scan", "--no-color", dir.toString());
            assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.errLines()).containsExactly("fluxward: error: sub: cannot read: permission denied");
            assertNoStackTrace(run);
        });
    }

    /** Runs {@code check} on a folder {@code sub} (a ConfigMap in it) this user cannot read; skipped where chmod cannot. */
    private void withUnreadableFolder(ThrowingConsumer<Path> check) throws Throwable {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.writeString(sub.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        try {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions on this file system");
        }
        try {
            Assumptions.assumeFalse(Files.isReadable(sub), "running as root: chmod 000 does not make the folder unreadable");
            check.accept(sub);
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void unreadableFileInTheEngine() throws Exception {
        MemorySnapshot readable = MemorySnapshot.ofText(Map.of("ok.yaml", "a: 1\n", "locked.yaml", "b: 2\n"));
        Snapshot locked = new Snapshot() {
            @Override
            public String describe() {
                return readable.describe();
            }

            @Override
            public List<String> files() throws IOException {
                return readable.files();
            }

            @Override
            public long size(String path) throws IOException {
                return readable.size(path);
            }

            @Override
            public byte[] read(String path) throws IOException {
                if (path.equals("locked.yaml")) {
                    throw new AccessDeniedException(path);
                }
                return readable.read(path);
            }

            @Override
            public Optional<String> blobId(String path) {
                return Optional.empty();
            }

            @Override
            public boolean isDirectory(String path) {
                return readable.isDirectory(path);
            }

            @Override
            public boolean exists(String path) {
                return readable.exists(path);
            }
        };
        ScanResult result = new Scanner(RuleSet.load(List.of())).scan(locked, Config.empty(), ScanOptions.defaults());
        assertThat(result.hasErrors()).as("an unreadable file makes the scan exit 2").isTrue();
        assertThat(result.notes()).contains(Note.error("locked.yaml", "cannot read: permission denied"));
        assertThat(result.filesScanned()).isEqualTo(1);
    }

    @Test
    void binaryFile() throws Exception {
        Files.write(dir.resolve("cluster.yaml"), new byte[] {'a', 'p', 'i', 0, 0, 1, 2, (byte) 0xff, '\n'});
        Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        CliRun run = CliRun.of("scan", "--no-color", dir.toString());
        // A .yaml file with binary content is not skipped (it could hide a secret, and Flux fails to decode
        // it): it is a YAML error at the first bad byte. A binary file of another type is silently passed over.
        assertThat(run.exit()).as("%s", run).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("cluster.yaml:1:8: error FW-G001 yaml-syntax:").doesNotContain("logo.png");
        assertThat(run.errLines()).isEmpty();
        assertNoStackTrace(run);
    }

    @Test
    void invalidUtf8() throws Exception {
        Files.write(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        CliRun run = CliRun.of("scan", "--no-color", dir.toString());
        assertThat(run.exit()).as("%s", run).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("cm.yaml:4:12: error FW-G001 yaml-syntax: YAML syntax error: not valid UTF-8");
        assertThat(run.errLines()).isEmpty();
        assertNoStackTrace(run);
    }

    @Test
    void crOnlyLineEndsCountAsLineBreaksForByteLevelPositions() throws Exception {
        // Old Mac line ends (CR only), and CR LF: YAML (and the parser's own marks) take both as line breaks,
        // so the positions of a bad byte, a control character and the end of the file must too.
        Files.write(dir.resolve("cm.yaml"), "apiVersion: v1\rkind: ConfigMap\rmetadata:\r  name: caf\u00e9\r"
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("ctrl.yaml"), "apiVersion: v1\r\nkind: ConfigMap\rmetadata:\n  name: x\r  b: \"\u001b\"\r"
                .getBytes(StandardCharsets.UTF_8));
        Path k = Files.createDirectories(dir.resolve("k"));
        Files.write(k.resolve("kustomization.yaml"), "---\r".getBytes(StandardCharsets.UTF_8));
        CliRun run = CliRun.of("scan", "--no-color", dir.toString());
        assertThat(run.out()).as("%s", run)
                .contains("cm.yaml:4:12: error FW-G001 yaml-syntax: YAML syntax error: not valid UTF-8")
                .contains("ctrl.yaml:5:7: error FW-G001 yaml-syntax: YAML syntax error: character U+001B is not allowed")
                .contains("k/kustomization.yaml:2:1: error FW-K005");
        assertNoStackTrace(run);
    }

    @Test
    void fiftyMegabyteFile() throws Exception {
        Path big = dir.resolve("rendered.yaml");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n".getBytes(StandardCharsets.UTF_8));
        }
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(50L * 1024 * 1024);
        }
        CliRun run = CliRun.of("scan", "--no-color", dir.toString());
        assertThat(run.exit()).as("%s", run).isEqualTo(ExitCodes.CLEAN);
        assertThat(run.errLines()).containsExactly("fluxward: warning: rendered.yaml: not scanned: 50.0 MiB is over the "
                + "limit of 10.0 MiB (limits.maxFileBytes)");
        assertNoStackTrace(run);
    }

    @Test
    void emptyFile() throws Exception {
        Files.write(dir.resolve("empty.yaml"), new byte[0]);
        CliRun run = CliRun.of("scan", "--no-color", dir.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.CLEAN);
        assertThat(run.out()).contains("0 errors, 0 warnings, 0 notes in 1 file");
        assertThat(run.errLines()).containsExactly(
                "fluxward: 1 informational note (skipped templates, empty files...): use --verbose to list them");
        CliRun verbose = CliRun.of("scan", "--no-color", "--verbose", dir.toString());
        assertThat(verbose.errLines()).containsExactly("fluxward: info: empty.yaml: empty file: nothing to check");
        assertNoStackTrace(verbose);
    }

    @Test
    void folderWithoutYaml() throws Exception {
        Files.writeString(dir.resolve("README.md"), "# docs\n");
        CliRun run = CliRun.of("scan", "--no-color", dir.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.CLEAN);
        assertThat(run.errLines()).containsExactly("fluxward: warning: " + dir + ": no YAML files found; only the 1 other "
                + "file was searched for keys and credentials");
        assertNoStackTrace(run);
    }

    @Test
    void emptyFolder() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun run = CliRun.of("scan", "--no-color", empty.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.CLEAN);
        assertThat(run.errLines()).containsExactly("fluxward: warning: " + empty + ": no files to scan");
        CliRun quiet = CliRun.of("scan", "-q", empty.toString());
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void reportThatCannotBeWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("a.yaml"), "a: 1\n");
        CliRun run = CliRun.of("scan", "-o", file.resolve("report.txt").toString(), dir.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).hasSize(1).first().asString().startsWith("fluxward: " + file);
        assertNoStackTrace(run);
    }

    @Test
    void unknownFormatAndOption() throws Exception {
        CliRun format = CliRun.of("scan", "-f", "xml", dir.toString());
        assertThat(format.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(format.errLines()).containsExactly(
                "fluxward: unknown format 'xml' (known: text, json, sarif, checkstyle, github, gitlab, markdown)");
        CliRun option = CliRun.of("scan", "--frobnicate", dir.toString());
        assertThat(option.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.err()).contains("Unknown option: '--frobnicate'");
        assertNoStackTrace(option);
    }
}
