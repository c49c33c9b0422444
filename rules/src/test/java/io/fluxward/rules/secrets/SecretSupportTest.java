package io.fluxward.rules.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretSupportTest {

    @Test
    void aPathInAFixCommandIsOneShellWord() {
        assertThat(SecretSupport.shellWord("apps/prod/db-secret.yaml")).isEqualTo("apps/prod/db-secret.yaml");
        assertThat(SecretSupport.shellWord("apps/team a/db secret.yaml")).isEqualTo("'apps/team a/db secret.yaml'");
        assertThat(SecretSupport.shellWord("apps/it's.yaml")).isEqualTo("'apps/it'\\''s.yaml'");
        assertThat(SecretSupport.shellWord("apps/$(x).yaml")).isEqualTo("'apps/$(x).yaml'");
    }

    @Test
    void aPathStartingWithADashIsNotTakenForAnOption() {
        assertThat(SecretSupport.shellWord("-secrets/db.yaml")).isEqualTo("./-secrets/db.yaml");
        assertThat(SecretSupport.shellWord("-a b/db.yaml")).isEqualTo("'./-a b/db.yaml'");
    }
}
