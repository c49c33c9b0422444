package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code .fluxward.yaml} and the rule switches on the command line: mistakes are errors that
 * name the file, the line and the closest known key; valid settings change what is reported.
 */
class ConfigBehaviourTest {

    @TempDir
    Path repo;

    @BeforeEach
    void writeRepo() throws Exception {
        Files.createDirectories(repo.resolve("apps"));
        Files.createDirectories(repo.resolve("legacy"));
        String duplicate = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n";
        Files.writeString(repo.resolve("apps/cm.yaml"), duplicate, StandardCharsets.UTF_8);
        Files.writeString(repo.resolve("legacy/cm.yaml"), duplicate, StandardCharsets.UTF_8);
    }

    private void config(String text) throws Exception {
        Files.writeString(repo.resolve(".fluxward.yaml"), text, StandardCharsets.UTF_8);
    }

    private CliRun scan(String... extra) {
        List<String> args = new ArrayList<>(List.of("scan", "--no-color", "-f", "json"));
        args.addAll(List.of(extra));
        args.add(repo.toString());
        return CliRun.of(args);
    }

    private static List<String> findings(CliRun run) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(run.out()).get("findings")) {
            out.add(f.get("ruleId").asText() + " " + f.get("level").asText() + " " + f.get("path").asText());
        }
        return out;
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("unknown top-level key", "rulez:\n  FW-G002: { enabled: false }\n",
                        ":1:1: unknown key 'rulez' (did you mean 'rules'?)"),
                mistake("unknown nested key", "limits:\n  maxFileByte: 10\n",
                        ":2:3: unknown key 'limits.maxFileByte' (did you mean 'maxFileBytes'?)"),
                mistake("list given a string", "ignore: docs/**\n", ":1:9: 'ignore' must be a list of strings"),
                mistake("list with an empty item", "ignore: [docs/**, ~]\n", ":1:9: 'ignore' must be a list of strings"),
                mistake("rule's list with a mapping", "rules: {FW-S007: {extraKeys: [pin, {a: b}]}}\n",
                        ":1:30: 'rules.FW-S007.extraKeys' must be a list of strings"),
                mistake("number given a word", "limits:\n  maxDepth: deep\n", ":2:13: 'limits.maxDepth' must be a whole number"),
                mistake("boolean given a word", "rules:\n  FW-G002: { enabled: maybe }\n",
                        ":2:23: 'rules.FW-G002.enabled' must be true or false"),
                mistake("unknown level", "rules:\n  FW-G002: { level: fatal }\n",
                        ":2:21: 'rules.FW-G002.level' must be error, warning or note"),
                mistake("rule settings not a map", "rules:\n  FW-G002: off\n",
                        ":2:12: 'rules.FW-G002' must be a mapping such as { enabled: false } or { level: warning }"),
                mistake("unknown rule ID", "rules:\n  FW-G02: { enabled: false }\n",
                        ":2:3: unknown rule 'FW-G02' (did you mean 'FW-G002'?)"),
                mistake("unknown rule setting", "rules:\n  FW-G002: { enabeld: false }\n",
                        ":2:14: unknown setting 'rules.FW-G002.enabeld' (did you mean 'enabled'?)"),
                mistake("section given a list", "flux:\n  - version\n", ":2:3: 'flux' must be a mapping"),
                mistake("version with a wildcard", "flux: { version: \"2.9.x\" }\n",
                        ":1:18: 'flux.version' must be a release version such as \"2.9\", \"2.9.1\", \"v2.9.1\" or \"2\""),
                mistake("version given a word", "eso:\n  version: latest\n",
                        ":2:12: 'eso.version' must be a release version such as"),
                mistake("store kind misspelt", "externals:\n  secretStores: [\"ClusterSecretStores/vault\"]\n",
                        ":2:18: unknown store kind 'ClusterSecretStores' in 'externals.secretStores' (did you mean "
                                + "'ClusterSecretStore'?)"),
                mistake("store with too many parts", "externals:\n  secretStores:\n    - ClusterSecretStore/a/b/c\n",
                        ":3:7: 'externals.secretStores' entries are name, Kind/name or Kind/namespace/name"),
                mistake("YAML syntax error", "rules:\n  FW-G002: { level: error\n",
                        ":2:12: a flow mapping opens here and is never closed"),
                mistake("registry with a URL scheme", "allowedRegistries: [\"https://ghcr.io/acme-corp/\"]\n",
                        ":1:21: 'allowedRegistries' entries have no scheme; write ghcr.io/acme-corp"),
                mistake("schema folder that does not exist", "schemas: [schemas/k8s]\n",
                        ":1:11: schema folder not found: 'schemas/k8s'"),
                // Out of range, negative or huge, every limit says its range (not "must be a whole number").
                mistake("negative maxAliases", "limits:\n  maxAliases: -1\n",
                        ":2:15: 'limits.maxAliases' must be between 0 and 10000000"),
                mistake("negative maxDepth", "limits:\n  maxDepth: -1\n",
                        ":2:13: 'limits.maxDepth' must be between 1 and 100000"),
                mistake("negative maxFileBytes", "limits:\n  maxFileBytes: -5\n",
                        ":2:17: 'limits.maxFileBytes' must be between 1 and 1073741824"),
                mistake("huge maxExpandedNodes", "limits:\n  maxExpandedNodes: " + "9".repeat(40) + "\n",
                        ":2:21: 'limits.maxExpandedNodes' must be between 1 and 100000000"),
                // Characters from the file are shown as in reports: controls as \xNN, invisible ones as \\uNNNN.
                mistake("key with a tab and an escape", "limits:\n  \"max\\tDe\\epth\": 1\n",
                        ":2:3: unknown key 'limits.max\\x09De\\x1bpth'"),
                mistake("key after a stray byte-order mark", "limits:\n  maxDepth: 10\n\uFEFFrules: {}\n",
                        ":3:1: unknown key '\\uFEFFrules': it holds a stray byte-order mark (U+FEFF), invisible in "
                                + "editors; remove it"));
    }

    private static Arguments mistake(String what, String text, String expected) {
        return Arguments.of(Named.of(what, what), text, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void mistakesAreErrorsWithFileLineAndHint(String what, String text, String expected) throws Exception {
        config(text);
        CliRun run = scan();
        assertThat(run.exit()).as("%s: %s", what, run).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).as(what).hasSize(1);
        assertThat(run.errLines().get(0)).as(what).startsWith("fluxward: " + repo.resolve(".fluxward.yaml") + expected);
        assertThat(run.out()).as("no report is written after a configuration error").isEmpty();
        assertThat(run.err()).doesNotContain("Exception");
    }

    /** Every version form read before versions were checked stays accepted (only a null value means "not set"). */
    @Test
    void versionFormsInUseStayAccepted() throws Exception {
        for (String version : List.of("\"2.9\"", "2.10", "\"v2.9.1\"", "V2", "2", "\"2.9.0-rc.1\"", "\" 0.17 \"", "~")) {
            config("flux: { version: " + version + " }\neso: { version: " + version + " }\n");
            CliRun run = scan();
            assertThat(run.exit()).as("%s: %s", version, run).isEqualTo(ExitCodes.FINDINGS);
        }
    }

    /** The catalog's FW-K001: remote URLs are never missing; reported as a note by --offline only. */
    @Test
    void remoteResourcesAreNotesWithOfflineOnly() throws Exception {
        Files.writeString(repo.resolve("apps/kustomization.yaml"), "resources:\n  - https://github.com/acme/base//deploy?ref=v1\n"
                + "  - cm.yaml\n", StandardCharsets.UTF_8);
        assertThat(findings(scan("--only-rules", "FW-K001"))).isEmpty();
        CliRun offline = scan("--only-rules", "FW-K001", "--offline");
        assertThat(findings(offline)).containsExactly("FW-K001 note apps/kustomization.yaml");
        assertThat(offline.exit()).isEqualTo(ExitCodes.CLEAN);
    }

    @Test
    void levelOverrideChangesLevelAndExitCode() throws Exception {
        config("rules:\n  FW-G002: { level: warning }\n");
        CliRun run = scan();
        assertThat(findings(run)).containsExactly("FW-G002 warning apps/cm.yaml", "FW-G002 warning legacy/cm.yaml");
        assertThat(run.exit()).as("warnings pass with the default --fail-on error").isEqualTo(ExitCodes.CLEAN);
        assertThat(scan("--fail-on", "warning").exit()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(scan("--fail-on", "never").exit()).isEqualTo(ExitCodes.CLEAN);
    }

    @Test
    void disableInConfigAndEnableOnTheCommandLine() throws Exception {
        config("rules:\n  FW-G002: { enabled: false }\n");
        CliRun disabled = scan();
        assertThat(findings(disabled)).isEmpty();
        assertThat(disabled.exit()).isEqualTo(ExitCodes.CLEAN);
        assertThat(new ObjectMapper().readTree(disabled.out()).get("rules").toString()).doesNotContain("FW-G002");
        assertThat(findings(scan("--enable", "FW-G002"))).as("--enable wins over the file")
                .containsExactly("FW-G002 error apps/cm.yaml", "FW-G002 error legacy/cm.yaml");
    }

    @Test
    void aConfigIsDecodedAsManifestsAre() throws Exception {
        // The README: UTF-16 with a byte-order mark is read. The config was read as UTF-8 whatever its mark:
        // "character U+0000 is not allowed in YAML", exit 2.
        String text = "rules:\n  FW-G002: { enabled: false }\n";
        for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            Files.write(repo.resolve(".fluxward.yaml"), ("\uFEFF" + text).getBytes(cs));
            CliRun run = scan();
            assertThat(run.exit()).as("%s %s", cs, run).isEqualTo(ExitCodes.CLEAN);
            assertThat(findings(run)).isEmpty();
            assertThat(graphExit()).as("graph, %s", cs).isEqualTo(ExitCodes.CLEAN);
        }
    }

    private int graphExit() {
        return CliRun.of("graph", "--format", "json", repo.toString()).exit();
    }

    @Test
    void disableOnTheCommandLine() throws Exception {
        assertThat(findings(scan())).hasSize(2);
        CliRun run = scan("--disable", "FW-G004,FW-G002");
        assertThat(findings(run)).isEmpty();
        assertThat(run.exit()).isEqualTo(ExitCodes.CLEAN);
    }

    @Test
    void unknownRuleOnTheCommandLine() {
        CliRun run = scan("--enable", "FW-X999");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.errLines()).containsExactly("fluxward: unknown rule 'FW-X999' (see 'fluxward rules')");
    }

    @Test
    void ignoreGlobsSkipFiles() throws Exception {
        config("ignore: [\"legacy/**\"]\n");
        assertThat(findings(scan())).containsExactly("FW-G002 error apps/cm.yaml");
    }

    /** gitignore's {@code !}: the last matching pattern decides, but a left-out folder's files stay out (as in git). */
    @Test
    void ignoreNegationScansAgainUnlessTheFolderIsLeftOut() throws Exception {
        config("ignore: [\"**/cm.yaml\", \"!apps/cm.yaml\"]\n");
        assertThat(findings(scan())).containsExactly("FW-G002 error apps/cm.yaml");
        config("ignore: [\"apps/\", \"legacy/**\", \"!apps/cm.yaml\", \"!legacy/cm.yaml\"]\n");
        assertThat(findings(scan())).containsExactly("FW-G002 error legacy/cm.yaml");
    }

    @Test
    void schemaFolderOfTheRepositoryIsAccepted() throws Exception {
        Files.createDirectories(repo.resolve("schemas/k8s"));
        config("schemas: [schemas/k8s, ./schemas/k8s/]\n");
        CliRun run = scan();
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.err()).doesNotContain("schema folder");
    }

    /** A level alone leaves an opt-in rule off: said on stderr, the rule not turned on behind the user's back. */
    @Test
    void levelOfAnOptInRuleThatStaysOffIsWarned() throws Exception {
        Files.writeString(repo.resolve("apps/pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n"
                + "spec:\n  containers:\n    - {name: c, image: quay.io/evil/app:1}\n");
        config("allowedRegistries: [ghcr.io/acme-corp]\nrules:\n  FW-P001: {level: warning}\n");
        CliRun run = scan("--disable", "FW-G002");
        assertThat(findings(run)).isEmpty();
        assertThat(run.errLines()).containsExactly("fluxward: warning: " + repo.resolve(".fluxward.yaml")
                + ":3:20: 'rules.FW-P001.level' is set but FW-P001 is opt-in and stays off; add 'enabled: true' "
                + "(or pass --enable FW-P001) to run it");
        CliRun enabled = scan("--disable", "FW-G002", "--enable", "FW-P001");
        assertThat(findings(enabled)).containsExactly("FW-P001 warning apps/pod.yaml");
        assertThat(enabled.err()).doesNotContain("warning:");
        config("allowedRegistries: [ghcr.io/acme-corp]\nrules:\n  FW-P001: {level: warning, enabled: false}\n");
        assertThat(scan("--disable", "FW-G002").err()).doesNotContain("warning:");
    }

    /** Rule IDs on the command line are taken in any case, as explain takes them, with the config's "did you mean". */
    @Test
    void ruleIdsOnTheCommandLineInAnyCase() throws Exception {
        assertThat(findings(scanOk("--disable", "fw-g002"))).isEmpty();
        assertThat(findings(scanOk("--only-rules", "Fw-G002,fw-g002"))).hasSize(2);
        assertThat(scanOk("--disable", "FW-G002", "--enable", "fw-p001").exit()).isEqualTo(ExitCodes.CLEAN);
        CliRun typo = scan("--enable", "FW-P01");
        assertThat(typo.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.errLines()).containsExactly("fluxward: unknown rule 'FW-P01' (did you mean 'FW-P001'?); "
                + "see 'fluxward rules'");
        assertThat(scan("--only-rules", "g002").errLines()).containsExactly("fluxward: unknown rule 'g002' "
                + "(did you mean 'FW-G002'?); see 'fluxward rules'");
        CliRun explain = CliRun.of("explain", "G001");
        assertThat(explain.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(explain.errLines()).containsExactly("fluxward: unknown rule 'G001' (did you mean FW-G001?); "
                + "see 'fluxward rules'");
    }

    private CliRun scanOk(String... extra) {
        CliRun run = scan(extra);
        assertThat(run.exit()).as(run.toString()).isNotEqualTo(ExitCodes.USAGE);
        return run;
    }

    @Test
    void threadsBelowOneOrAboveTheLimitAreAUsageError() {
        // 32768 is beyond a ForkJoinPool's limit: it was "internal error (IllegalArgumentException)".
        for (String n : List.of("0", "-1", "32768", "2147483647")) {
            CliRun run = scan("--threads", n);
            assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.errLines()).containsExactly("fluxward: --threads must be from 1 to 32767, not " + n
                    + " (the default is one per CPU)");
        }
    }

    @Test
    void explicitConfigFileAndMissingOne() throws Exception {
        Path elsewhere = repo.resolveSibling(repo.getFileName() + "-config.yaml");
        Files.writeString(elsewhere, "rules:\n  FW-G002: { level: note }\n");
        assertThat(findings(scan("--config", elsewhere.toString()))).containsOnly("FW-G002 note apps/cm.yaml",
                "FW-G002 note legacy/cm.yaml");
        CliRun missing = scan("--config", repo.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.errLines()).containsExactly("fluxward: " + repo.resolve("nope.yaml")
                + ": configuration file not found");
    }

    @Test
    void configAtTheGitTopLevelAppliesToASubfolderScan() throws Exception {
        Files.createDirectories(repo.resolve(".git"));
        config("rules:\n  FW-G002: { level: note }\n");
        CliRun run = CliRun.of("scan", "-f", "json", repo.resolve("apps").toString());
        assertThat(findings(run)).as("paths stay relative to the git top-level").containsExactly("FW-G002 note apps/cm.yaml");
    }
}
