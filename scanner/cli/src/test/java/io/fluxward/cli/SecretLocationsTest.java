package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.snapshot.MemorySnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Columns, which the fixtures (lines only) cannot show: findings point at the value itself. */
class SecretLocationsTest {

    private static RuleSet rules;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(List.of());
    }

    private static List<String> found(String rule, String path, String text) throws Exception {
        return new Scanner(rules).scan(MemorySnapshot.ofText(Map.of(path, text)), Config.empty(),
                        ScanOptions.defaults().withRuleFilter(d -> d.id().equals(rule))).findings().stream()
                .map(Finding::location).map(l -> l.span().line() + ":" + l.span().column()).toList();
    }

    /** The kubeconfig's lines keep their own indentation inside the block: it counts once, not twice. */
    @Test
    void aKubeconfigInABlockScalarIsLocatedAtItsValues() throws Exception {
        String configMap = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: worker
                  namespace: flux-system
                data:
                  config: |
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: worker
                        cluster: {server: https://worker.example.com:6443}
                    users:
                      - name: admin
                        user:
                          token: s3cr3t-t0k3n-value
                          password: hunter2-but-longer
                """;
        assertThat(found("FW-S005", "apps/cm.yaml", configMap)).containsExactly("16:18", "17:21");
    }

    /** sops writes JSON indented with tabs, which YAML refuses in places JSON allows; a tab is one column. */
    @Test
    void aSopsJsonFileIndentedWithTabsIsReadAndLocated() throws Exception {
        String enc = "ENC[AES256_GCM,data:3S1ymkLGx6ryARuj,iv:mLWeWTcJXlckCzT/QQmZu6bpNNAC0VNorV8vnk8TNAg=,"
                + "tag:y36MexBoGctlqYwno4gXpw==,type:str]";
        String json = """
                {
                \t"api_key": "plain-added-later",
                \t"nested": {
                \t\t"token": "ENC"
                \t},
                \t"sops": {
                \t\t"age": [
                \t\t\t{
                \t\t\t\t"recipient": "age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29",
                \t\t\t\t"enc": "-----BEGIN AGE ENCRYPTED FILE-----\\nYWdl\\n-----END AGE ENCRYPTED FILE-----\\n"
                \t\t\t}
                \t\t],
                \t\t"lastmodified": "2026-01-02T03:04:05Z",
                \t\t"mac": "ENC",
                \t\t"unencrypted_suffix": "_unencrypted",
                \t\t"version": "3.9.1"
                \t}
                }
                """.replace("\"ENC\"", "\"" + enc + "\"");
        assertThat(found("FW-S002", "secrets.enc.json", json)).containsExactly("2:13");
    }

    /** A file that names no selection setting is judged by sops' default, and the message says so. */
    @Test
    void theDefaultSelectionIsNamedAsTheDefault() throws Exception {
        String file = """
                api_key: ENC[AES256_GCM,data:cHJvZA==,iv:IV,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
                host_unencrypted: example.com
                port: 5432
                sops:
                  age:
                    - recipient: age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29
                      enc: |
                        -----BEGIN AGE ENCRYPTED FILE-----
                        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmMK
                        -----END AGE ENCRYPTED FILE-----
                  lastmodified: "2024-11-12T13:33:42Z"
                  mac: ENC[AES256_GCM,data:AAAA,iv:IV,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
                  version: 3.9.0
                """.replace("iv:IV", "iv:" + "A".repeat(43) + "=");
        List<Finding> found = new Scanner(rules).scan(MemorySnapshot.ofText(Map.of("values.enc.yaml", file)),
                Config.empty(), ScanOptions.defaults().withRuleFilter(d -> d.id().equals("FW-S002"))).findings();
        assertThat(found).singleElement().satisfies(f -> assertThat(f.message())
                .contains("`port: ********`", "default selection").doesNotContain("whose unencrypted_suffix"));
    }

    /** A Secret of many values: one finding, every value a part, a bounded list of related locations. */
    @Test
    void aLargeSecretListsABoundedNumberOfRelatedValues() throws Exception {
        StringBuilder secret = new StringBuilder("apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\nstringData:\n");
        for (int i = 0; i < 50; i++) {
            secret.append("  key").append(i).append(": plaintext-value-").append(i).append('\n');
        }
        List<Finding> found = new Scanner(rules).scan(MemorySnapshot.ofText(Map.of("big.yaml", secret.toString())),
                Config.empty(), ScanOptions.defaults().withRuleFilter(d -> d.id().equals("FW-S001"))).findings();
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.parts()).hasSize(50);
            assertThat(f.related()).hasSize(20);
        });
    }
}
