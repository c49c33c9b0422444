package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.snapshot.WorkTreeSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fluxward migrate --apis}: its diff applies with {@code git apply}, the result scans clean
 * of FW-F010 except for the objects it lists for manual work, and {@code --write} does the same.
 */
class MigrateCommandTest {

    private static final Pattern MANUAL = Pattern.compile("^  (\\S.*):(\\d+) ");
    private static final String KS_HEAD = "apiVersion: kustomize.toolkit.fluxcd.io/v1beta2\nkind: Kustomization\n"
            + "metadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n"
            + "  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n";
    private static RuleSet rules;

    @TempDir
    Path temp;

    @BeforeAll
    static void setUp() throws Exception {
        rules = RuleSet.load(List.of());
    }

    /** Every deprecated-API fixture, plus corpus repositories with deprecated APIs when ../shared is there. */
    static Stream<Arguments> repositories() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String group : List.of("FW-F010", "FW-F011")) {
            try (Stream<Path> cases = Files.list(TestPaths.testdata().resolve("cases").resolve(group))) {
                cases.filter(p -> p.getFileName().toString().startsWith("fires-")).sorted()
                        .forEach(p -> out.add(Arguments.of(Named.of(group + "/" + p.getFileName(), p))));
            }
        }
        Optional<Path> corpus = TestPaths.shared().map(s -> s.resolve("corpus"));
        for (String repo : List.of("fluxcd__flux2-hub-spoke-example", "fluxcd__flux2-multi-tenancy", "bjw-s__home-ops")) {
            corpus.map(c -> c.resolve(repo)).filter(Files::isDirectory)
                    .ifPresent(p -> out.add(Arguments.of(Named.of("corpus/" + repo, p))));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositories")
    void diffAppliesAndLeavesOnlyTheListedObjects(Path source) throws Exception {
        assumeGit();
        Path repo = gitCopy(source, temp.resolve("repo"));
        List<String> unmatchedPatches = findings(repo, "FW-K002");
        Run run = migrate(repo);
        assertThat(run.code).as(run.err).isZero();
        if (!source.getParent().getFileName().toString().equals("FW-F011")) {
            assertThat(deprecated(repo)).as("the fixture uses deprecated APIs").isNotEmpty();
        }
        Path patch = temp.resolve("apis.patch");
        Files.writeString(patch, run.out, StandardCharsets.UTF_8);
        if (!run.out.isEmpty()) {
            git(repo, "apply", "--check", patch.toString());
            git(repo, "apply", patch.toString());
        }
        assertThat(deprecated(repo)).as("FW-F010 findings left after applying the diff are the objects listed for "
                + "manual work\n%s", run.err).containsExactlyInAnyOrderElementsOf(listed(run.err));
        assertThat(findings(repo, "FW-K002")).as("patches select what they selected").isEqualTo(unmatchedPatches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositories")
    void writeChangesTheFilesAsTheDiffDoes(Path source) throws Exception {
        assumeGit();
        Path viaDiff = gitCopy(source, temp.resolve("diff"));
        Path viaWrite = gitCopy(source, temp.resolve("write"));
        Run dry = migrate(viaDiff);
        Files.writeString(temp.resolve("p.patch"), dry.out, StandardCharsets.UTF_8);
        if (!dry.out.isEmpty()) {
            git(viaDiff, "apply", temp.resolve("p.patch").toString());
        }
        Run write = migrate(viaWrite, "--write");
        assertThat(write.code).isZero();
        assertThat(write.out).isEmpty();
        assertThat(git(viaWrite, "diff")).isEqualTo(git(viaDiff, "diff"));
    }

    /** Line endings, a missing final newline, quoting, flow style and file names with spaces survive. */
    @Test
    void keepsTheFormattingOfEveryFile() throws Exception {
        assumeGit();
        Path repo = temp.resolve("mixed");
        Files.createDirectories(repo.resolve("with space"));
        Files.writeString(repo.resolve("crlf.yaml"), String.join("\r\n", "apiVersion: helm.toolkit.fluxcd.io/v2beta2",
                "kind: HelmRelease", "metadata:", "  name: web", "  namespace: apps", "spec:", "  interval: 10m",
                "  chart:", "    spec:", "      chart: web", "      sourceRef:", "        kind: HelmRepository",
                "        name: charts", "") + "", StandardCharsets.UTF_8);
        Files.writeString(repo.resolve("with space/repo.yaml"), "kind: HelmRepository\nmetadata:\n  name: charts\n"
                + "  namespace: apps\nspec:\n  interval: 1h\n  url: https://charts.acme.example\n"
                + "apiVersion: \"source.toolkit.fluxcd.io/v1beta2\"", StandardCharsets.UTF_8);
        Files.writeString(repo.resolve("flow.yaml"), "{apiVersion: source.toolkit.fluxcd.io/v1beta1, kind: GitRepository,"
                + " metadata: {name: platform, namespace: flux-system}, spec: {interval: 1h, url: "
                + "'https://github.com/acme/platform'}}\n", StandardCharsets.UTF_8);
        Files.writeString(repo.resolve("bom.yaml"), "\uFEFFapiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: Bucket\n"
                + "metadata:\n  name: b\n  namespace: flux-system\nspec:\n  interval: 5m\n  bucketName: b\n"
                + "  endpoint: minio.acme.example\n", StandardCharsets.UTF_8);
        gitCopy(repo, repo);
        Run run = migrate(repo);
        assertThat(run.out).contains("\r\n").contains("\\ No newline at end of file")
                .contains("--- a/with space/repo.yaml\t");
        Files.writeString(temp.resolve("m.patch"), run.out, StandardCharsets.UTF_8);
        git(repo, "apply", temp.resolve("m.patch").toString());
        assertThat(deprecated(repo)).isEmpty();
        assertThat(Files.readString(repo.resolve("crlf.yaml"))).startsWith("apiVersion: helm.toolkit.fluxcd.io/v2\r\n")
                .endsWith("name: charts\r\n");
        assertThat(Files.readString(repo.resolve("with space/repo.yaml")))
                .startsWith("kind: HelmRepository\n").endsWith("\napiVersion: \"source.toolkit.fluxcd.io/v1\"");
        assertThat(Files.readString(repo.resolve("flow.yaml"))).startsWith("{apiVersion: source.toolkit.fluxcd.io/v1,");
        assertThat(Files.readString(repo.resolve("bom.yaml"))).startsWith("\uFEFFapiVersion: source.toolkit.fluxcd.io/v1\n");
    }

    /** An object whose fields changed is listed with the fields, and the selector that targets it keeps its version. */
    @Test
    void listsObjectsWhoseFieldsChanged() throws Exception {
        Path repo = temp.resolve("manual");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("ks.yaml"), "apiVersion: kustomize.toolkit.fluxcd.io/v1beta2\nkind: Kustomization\n"
                + "metadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  prune: true\n"
                + "  validation: client\n  sourceRef:\n    kind: GitRepository\n    name: platform\n---\n"
                + "apiVersion: kustomize.toolkit.fluxcd.io/v1beta2\nkind: Kustomization\nmetadata:\n  name: infra\n"
                + "  namespace: flux-system\nspec:\n  interval: 10m\n  sourceRef:\n    kind: GitRepository\n"
                + "    name: platform\n", StandardCharsets.UTF_8);
        Run run = migrate(repo);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("2 to change by hand")
                .contains("ks.yaml:1 Kustomization/flux-system/apps: kustomize.toolkit.fluxcd.io/v1beta2 -> "
                        + "kustomize.toolkit.fluxcd.io/v1")
                .contains("spec.validation does not exist in kustomize.toolkit.fluxcd.io/v1")
                .contains("ks.yaml:14 Kustomization/flux-system/infra")
                .contains("spec: missing required field 'prune' in kustomize.toolkit.fluxcd.io/v1");
    }

    /** A patch target keeps its version while an object it selects keeps its own (repro: validation: client). */
    @Test
    void keepsASelectorWhoseObjectsStay() throws Exception {
        Path repo = temp.resolve("selector");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("apps.yaml"), KS_HEAD + "  validation: client\n", StandardCharsets.UTF_8);
        Files.writeString(repo.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources: [apps.yaml]\npatches:\n  - target:\n"
                + "      group: kustomize.toolkit.fluxcd.io\n      version: v1beta2\n      kind: Kustomization\n"
                + "    patch: |\n      - op: add\n        path: /spec/suspend\n        value: true\n",
                StandardCharsets.UTF_8);
        Run run = migrate(repo, "--write");
        assertThat(run.code).isZero();
        assertThat(Files.readString(repo.resolve("kustomization.yaml"))).contains("version: v1beta2");
        assertThat(run.err).contains("2 to change by hand").contains("kustomization.yaml:7 selector for "
                + "kustomize.toolkit.fluxcd.io v1beta2: v1beta2 -> v1")
                .contains("it selects Kustomization/flux-system/apps (apps.yaml:1), which stays on "
                        + "kustomize.toolkit.fluxcd.io/v1beta2");
    }

    /** An object stays when a selector that the run cannot change (inside a patch's text) selects it. */
    @Test
    void keepsAnObjectWhoseSelectorStays() throws Exception {
        Path repo = appsWithKustomization("nested", "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources: [apps.yaml]\npatches:\n  - target: {kind: Kustomization}\n"
                + "    patch: |\n      - op: add\n        path: /spec/patches\n        value:\n"
                + "          - target: {group: kustomize.toolkit.fluxcd.io, version: v1beta2, kind: Kustomization}\n"
                + "            patch: '[{op: add, path: /spec/suspend, value: true}]'\n");
        Run run = migrate(repo);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("apps.yaml:1 Kustomization/flux-system/apps")
                .contains("the patch target in the patch at kustomization.yaml:6 selects it and keeps version v1beta2");
    }

    /** An object stays when a selector of its new version would start patching it. */
    @Test
    void keepsAnObjectASelectorWouldStartPatching() throws Exception {
        Path repo = appsWithKustomization("newer", "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources: [apps.yaml]\npatches:\n  - target: {group: "
                + "kustomize.toolkit.fluxcd.io, version: v1, kind: Kustomization}\n"
                + "    patch: '[{op: add, path: /spec/suspend, value: true}]'\n");
        Run run = migrate(repo);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("apps.yaml:1 Kustomization/flux-system/apps")
                .contains("(version v1) would select it once migrated");
    }

    /** A selector and the objects it selects change together when all of them can. */
    @Test
    void changesASelectorWithItsObjects() throws Exception {
        assumeGit();
        Path repo = appsWithKustomization("together", "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources: [apps.yaml]\npatches:\n  - target:\n"
                + "      group: kustomize.toolkit.fluxcd.io\n      version: v1beta2\n      kind: Kustomization\n"
                + "    patch: '[{op: add, path: /spec/suspend, value: true}]'\n");
        gitCopy(repo, repo);
        Run run = migrate(repo, "--write");
        assertThat(run.err).contains("changed 2 API versions in 2 files").doesNotContain("by hand");
        assertThat(Files.readString(repo.resolve("kustomization.yaml"))).contains("version: v1\n");
        assertThat(Files.readString(repo.resolve("apps.yaml"))).startsWith("apiVersion: kustomize.toolkit.fluxcd.io/v1\n");
    }

    /** A symbolic link to a migrated file is the same file: changed once, as git stores the link itself. */
    @Test
    void changesTheTargetOfASymbolicLinkOnce() throws Exception {
        assumeGit();
        Path repo = temp.resolve("links");
        Files.createDirectories(repo.resolve("sub"));
        Files.writeString(repo.resolve("normal.yaml"), "apiVersion: source.toolkit.fluxcd.io/v1beta2\n"
                + "kind: HelmRepository\nmetadata: {name: normal, namespace: flux-system}\n"
                + "spec: {interval: 1m, url: \"https://charts.example.com\"}\n", StandardCharsets.UTF_8);
        try {
            Files.createSymbolicLink(repo.resolve("alias.yaml"), Path.of("normal.yaml"));
            Files.createSymbolicLink(repo.resolve("sub/up.yaml"), Path.of("../normal.yaml"));
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links are not supported here");
        }
        gitCopy(repo, repo);
        Run dry = migrate(repo);
        assertThat(dry.out).contains("--- a/normal.yaml").doesNotContain("alias.yaml").doesNotContain("up.yaml");
        assertThat(dry.err).contains("the diff changes 1 API version in 1 file;");
        Files.writeString(temp.resolve("l.patch"), dry.out, StandardCharsets.UTF_8);
        git(repo, "apply", "--check", temp.resolve("l.patch").toString());
        Run write = migrate(repo, "--write");
        assertThat(write.err).contains("changed 1 API version in 1 file").doesNotContain("warning");
        assertThat(Files.isSymbolicLink(repo.resolve("alias.yaml"))).isTrue();
        assertThat(git(repo, "status", "--short")).isEqualTo(" M normal.yaml\n");
    }

    /** A SOPS-encrypted file is listed for sops to change: an edit in place breaks its MAC. */
    @Test
    void leavesSopsEncryptedFilesToSops() throws Exception {
        Path repo = temp.resolve("sops");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("store.enc.yaml"), "apiVersion: external-secrets.io/v1beta1\n"
                + "kind: SecretStore\nmetadata:\n    name: aws\n    namespace: apps\nspec:\n    provider:\n"
                + "        aws:\n            service: SecretsManager\n"
                + "            region: ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMpYRJtE0x3N2x0P5Y9r5q6aAbpY2n0L1lVtXzq3xk=,"
                + "tag:IroVf1sGx3mQmX2k7hQ0Yw==,type:str]\nsops:\n    lastmodified: \"2024-11-12T13:33:42Z\"\n"
                + "    mac: ENC[AES256_GCM,data:Zm9vYmFyZm9vYmFyZm9vYmFy,iv:vUMpYRJtE0x3N2x0P5Y9r5q6aAbpY2n0L1lVtXzq3xk=,"
                + "tag:IroVf1sGx3mQmX2k7hQ0Yw==,type:str]\n    encrypted_regex: ^(region)$\n    version: 3.9.0\n",
                StandardCharsets.UTF_8);
        Run run = migrate(repo, "--write");
        assertThat(run.out).isEmpty();
        assertThat(Files.readString(repo.resolve("store.enc.yaml"))).startsWith("apiVersion: external-secrets.io/v1beta1");
        assertThat(run.err).contains("1 to change by hand").contains("store.enc.yaml:1 SecretStore/apps/aws")
                .contains("the file is SOPS-encrypted: change it with sops (decrypt, edit, encrypt again)")
                .doesNotContain("unknown field");
    }

    /** A file that cannot be written: a one-line error with its path and the cause, and the file as it was. */
    @Test
    void saysWhyAFileCannotBeWritten() throws Exception {
        Path repo = temp.resolve("readonly");
        Files.createDirectories(repo);
        String repository = "apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: HelmRepository\n"
                + "metadata: {name: ro, namespace: flux-system}\nspec: {interval: 1m, url: \"https://x\"}\n";
        Files.writeString(repo.resolve("a.yaml"), repository, StandardCharsets.UTF_8);
        Path readOnly = repo.resolve("ro.yaml");
        Files.writeString(readOnly, repository, StandardCharsets.UTF_8);
        boolean immutable = makeReadOnly(readOnly);
        try {
            Run run = migrate(repo, "--write");
            assertThat(run.code).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err).matches("fluxward: error: ro\\.yaml: cannot write: "
                    + "(permission denied|operation not permitted)\\R");
            assertThat(Files.readString(readOnly)).isEqualTo(repository);
            assertThat(Files.readString(repo.resolve("a.yaml"))).startsWith("apiVersion: source.toolkit.fluxcd.io/v1\n");
            try (Stream<Path> files = Files.list(repo)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.yaml", "ro.yaml");
            }
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", readOnly.toString()).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Read-only for this process: no write permission, and for root (who writes anyway) the immutable flag. */
    private static boolean makeReadOnly(Path file) throws Exception {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        if (!Files.isWritable(file)) {
            return false;
        }
        boolean flagged;
        try {
            Process p = new ProcessBuilder("chattr", "+i", file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            flagged = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            flagged = false;
        }
        Assumptions.assumeTrue(flagged, "cannot make a file read-only for this user");
        return true;
    }

    @Test
    void saysSoWhenNothingIsDeprecated() throws Exception {
        Path repo = temp.resolve("current");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("repo.yaml"), "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n"
                + "metadata:\n  name: platform\n  namespace: flux-system\nspec:\n  interval: 1h\n"
                + "  url: https://github.com/acme/platform\n", StandardCharsets.UTF_8);
        Run run = migrate(repo);
        assertThat(run.code).isZero();
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("no deprecated API version to migrate");
    }

    @Test
    void requiresTheApisFlag() {
        Run run = run("migrate", temp.toString());
        assertThat(run.code).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("--apis");
    }

    private record Run(int code, String out, String err) {
    }

    private Run migrate(Path repo, String... extra) {
        List<String> args = new ArrayList<>(List.of("migrate", "--apis", repo.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code path:line} of every FW-F010 finding of a repository, scanned with its own configuration. */
    private static List<String> deprecated(Path repo) throws Exception {
        return findings(repo, "FW-F010");
    }

    /** {@code path:line} of every finding of one rule, scanned with the repository's own configuration. */
    private static List<String> findings(Path repo, String rule) throws Exception {
        Config config = Config.empty();
        if (Files.isRegularFile(repo.resolve(".fluxward.yaml"))) {
            config = Config.parse(Files.readString(repo.resolve(".fluxward.yaml")), ".fluxward.yaml", rules.descriptors());
        }
        ScanResult result = new Scanner(rules).scan(new WorkTreeSnapshot(repo), config,
                ScanOptions.defaults().withRuleFilter(r -> r.id().equals(rule)));
        List<String> out = new ArrayList<>();
        for (Finding f : result.findings()) {
            out.add(f.path() + ":" + f.line());
        }
        return out;
    }

    /** The {@code path:line} entries of the "to change by hand" list. */
    private static List<String> listed(String err) {
        TreeSet<String> out = new TreeSet<>();
        for (String line : err.split("\n")) {
            Matcher m = MANUAL.matcher(line);
            if (m.find()) {
                out.add(m.group(1) + ":" + m.group(2));
            }
        }
        return new ArrayList<>(out);
    }

    private static void assumeGit() {
        boolean available;
        try {
            available = new ProcessBuilder("git", "--version").start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        Assumptions.assumeTrue(available, "git is not installed");
    }

    /** Copies a folder into a fresh git repository with one commit (so the diff applies to HEAD). */
    private static Path gitCopy(Path source, Path target) throws Exception {
        if (!source.equals(target)) {
            copy(source, target);
        }
        git(target, "init", "-q");
        git(target, "add", "-A");
        git(target, "-c", "user.email=test@fluxward.invalid", "-c", "user.name=test", "-c", "commit.gpgsign=false",
                "commit", "-q", "--allow-empty", "-m", "fixture");
        return target;
    }

    private static void copy(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git %s: %s", String.join(" ", args), output).isZero();
        return output;
    }

    /** A folder with a v1beta2 Kustomization (apps.yaml) and a kustomization.yaml that lists it. */
    private Path appsWithKustomization(String name, String kustomization) throws IOException {
        Path repo = temp.resolve(name);
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("apps.yaml"), KS_HEAD, StandardCharsets.UTF_8);
        Files.writeString(repo.resolve("kustomization.yaml"), kustomization, StandardCharsets.UTF_8);
        return repo;
    }
}
