package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.report.Reporters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values the secret rules do not report as findings still reach the output when a message quotes the text
 * they are in: credentials of URLs (remote kustomize resources, source URLs). None may be printed, in any
 * format of any command.
 */
class OutputLeakTest {

    @TempDir
    Path repo;

    private void write(String path, String text) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void assertNoCanary(String what, String output) {
        assertThat(output).as("%s must not contain a planted credential:%n%s", what, output).doesNotContain("Cnry");
    }

    @Test
    void urlCredentialsAreMaskedInEveryFormat(@TempDir Path out) throws Exception {
        write("k/kustomization.yaml", """
                resources:
                  - https://oauth2:glpat-Cnry401abcdefghijklm@gitlab.com/org/repo//deploy?ref=main
                  - git::https://user:Cnry402@github.com/org/repo.git//x?ref=v1
                  - https://raw.githubusercontent.com/org/repo/main/x.yaml?ref=main&token=Cnry403
                  - ssh://git:Cnry404@github.com/org/repo//y
                  - https://Cnry405token@github.com/org/repo//z
                  - https://b.s3.amazonaws.com/x.yaml?X-Amz-Credential=Cnry406&X-Amz-Signature=Cnry407&X-Amz-Date=1
                  - https://acct.blob.core.windows.net/c/x.yaml?sv=2022-11-02&sig=Cnry408
                  - https://h.example.com/x.yaml?access_token=Cnry409
                components:
                  - https://u:Cnry410@example.com/comp
                """);
        write("clusters/sources.yaml", """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: g1, namespace: flux-system}
                spec: {interval: 1m, url: "http://user:Cnry411@git.example.com/r.git", ref: {branch: main}}
                ---
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: h1, namespace: flux-system}
                spec: {interval: 1h, url: "http://u:Cnry412@charts.example.com"}
                ---
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: h2, namespace: flux-system}
                spec: {interval: 1h, type: oci, url: "oci://u:Cnry413@ghcr.io/org", insecure: true}
                ---
                apiVersion: source.toolkit.fluxcd.io/v1beta2
                kind: OCIRepository
                metadata: {name: o1, namespace: flux-system}
                spec: {interval: 1m, url: "oci://u:Cnry414@ghcr.io/org/x", ref: {tag: latest}, insecure: true}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: ks1, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./k
                  prune: true
                  sourceRef: {kind: GitRepository, name: g1}
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: hr1, namespace: flux-system}
                spec:
                  interval: 10m
                  chart:
                    spec:
                      chart: c
                      sourceRef: {kind: HelmRepository, name: h1}
                """);
        List<String> formats = new ArrayList<>();
        Reporters.names().forEach(formats::add);
        assertThat(formats).contains("text", "json", "sarif", "checkstyle", "github", "gitlab", "markdown");
        boolean noted = false;
        for (String format : formats) {
            Path sarif = out.resolve(format + ".sarif");
            CliRun run = CliRun.of("scan", "--offline", "--verbose", "--no-color", "--fail-on", "never", "-f", format,
                    "--sarif", sarif.toString(), repo.toString());
            assertThat(run.exit()).as("%s", run).isEqualTo(ExitCodes.CLEAN);
            assertNoCanary("scan -f " + format, run.out() + run.err());
            assertNoCanary("scan --sarif", Files.readString(sarif, StandardCharsets.UTF_8));
            noted |= run.out().contains("oauth2:********@gitlab.com");
        }
        assertThat(noted).as("the remote resource is still named, with its password masked").isTrue();
        for (String format : List.of("mermaid", "dot", "json")) {
            CliRun run = CliRun.of("graph", "-f", format, "--fail-on", "never", repo.toString());
            assertNoCanary("graph -f " + format, run.out() + run.err());
        }
    }

    /**
     * A literal written under a secretGenerator's files: or envs: (KEY=VALUE where a path belongs) names no file: the
     * FW-K001 message must not quote the "path", which is the value. Names of real files are still shown.
     */
    @Test
    void secretGeneratorSourcesThatNameNoFileAreNotQuoted() throws Exception {
        write("kustomization.yaml", """
                secretGenerator:
                  - name: db
                    files:
                      - DB_PASSWORD=Cnry1501
                      - Cnry1502
                      - missing.env
                    envs:
                      - API_TOKEN=Cnry1503
                configMapGenerator:
                  - name: settings
                    files:
                      - app.properties
                """);
        for (String format : Reporters.names()) {
            CliRun run = CliRun.of("scan", "--no-color", "--fail-on", "never", "-f", format, repo.toString());
            assertNoCanary("scan -f " + format, run.out() + run.err());
            if (format.equals("text")) {
                assertThat(run.out()).contains("a secretGenerator source 'DB_PASSWORD=...' names no file")
                        .contains("a secretGenerator source 'API_TOKEN=...' names no file")
                        .contains("'missing.env' does not exist").contains("'app.properties' does not exist");
            }
        }
    }

    @Test
    void migrateDiffPrintsNoSecretValueAndStillApplies() throws Exception {
        write("flux.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: git-auth, namespace: flux-system}
                stringData:
                  username: git
                  password: Cnry1301
                ---
                apiVersion: source.toolkit.fluxcd.io/v1beta2
                kind: HelmRepository
                metadata: {name: repo, namespace: flux-system}
                spec: {interval: 1h, url: "https://u:Cnry1302@charts.example.com"}
                """);
        write("eso.yaml", """
                apiVersion: external-secrets.io/v1beta1
                kind: SecretStore
                metadata: {name: fake, namespace: apps}
                spec: {provider: {fake: {data: [{key: db, value: Cnry1303}]}}}
                """);
        write("one.yaml", """
                apiVersion: external-secrets.io/v1beta1
                spec: {provider: {fake: {data: [{key: db, value: Cnry1304}]}}}
                kind: SecretStore
                metadata: {name: fake2, namespace: apps}
                """);
        CliRun run = CliRun.of("migrate", "--apis", repo.toString());
        assertThat(run.exit()).as("%s", run).isEqualTo(ExitCodes.CLEAN);
        assertNoCanary("migrate --apis", run.out() + run.err());
        assertThat(run.out()).contains("+apiVersion: source.toolkit.fluxcd.io/v1\n", "+apiVersion: external-secrets.io/v1\n");
        assertThat(run.err()).contains("one.yaml: not in the diff");
        CliRun written = CliRun.of("migrate", "--apis", "--write", repo.toString());
        assertNoCanary("migrate --apis --write", written.out() + written.err());
        assertThat(Files.readString(repo.resolve("one.yaml"), StandardCharsets.UTF_8))
                .startsWith("apiVersion: external-secrets.io/v1\n");
    }

    @Test
    void parserMessagesQuoteNoTextOfAValue(@TempDir Path out) throws Exception {
        String head = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: ";
        write("tag.yaml", head + "!!Cnry801-S3cr3t plain\n");
        write("x2.yaml", head + "\"Cnry802\\x4\"\n");
        write("q.yaml", head + "\"\\qCnry803\"\n");
        write("block.yaml", head + "|HCnry804\n    x\n");
        for (String format : Reporters.names()) {
            Path sarif = out.resolve(format + ".sarif");
            CliRun run = CliRun.of("scan", "--verbose", "--no-color", "--fail-on", "never", "-f", format,
                    "--sarif", sarif.toString(), repo.toString());
            String all = run.out() + run.err() + Files.readString(sarif, StandardCharsets.UTF_8);
            assertNoCanary("scan -f " + format, all);
            // The character after the escape or where the indicator should be is the value's own.
            assertThat(all).as(format).doesNotContain("found: 4").doesNotContain("character q").doesNotContain("found H")
                    .doesNotContain("!!Cn");
        }
    }
}
