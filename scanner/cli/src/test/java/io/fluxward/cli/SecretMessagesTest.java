package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the secret fixtures (lines only) cannot show: how messages name what they are about. */
class SecretMessagesTest {

    private static List<Finding> found(String rule, String name) throws Exception {
        return Fixtures.scan(TestPaths.testdata().resolve("cases").resolve(rule).resolve(name), RuleSet.load(List.of()))
                .findings().stream().filter(f -> f.ruleId().equals(rule)).toList();
    }

    @Test
    void aSecretWhoseNameSopsEncryptedIsNotNamedByItsCiphertext() throws Exception {
        assertThat(found("FW-S001", "fires-sops-encrypted-metadata")).singleElement().satisfies(f -> assertThat(f.message())
                .startsWith("Secret (namespace and name encrypted) holds 2 plaintext values (")
                .doesNotContain("ENC["));
    }

    @Test
    void aCreationRuleWithoutKeysIsNamedAsTheFixNotUpdatekeys() throws Exception {
        assertThat(found("FW-S011", "fires-rule-split-without-keys")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("creation rule 1").contains("the rule has no recipients at all")
                .doesNotContain("run `sops updatekeys"));
        assertThat(found("FW-S011", "fires-new-recipient-not-applied")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("run `sops updatekeys "));
    }
}
