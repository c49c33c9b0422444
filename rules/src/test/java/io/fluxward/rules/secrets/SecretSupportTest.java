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

    @Test
    void aPathWithControlCharactersIsQuotedSoTheShellReadsTheEscapes() {
        // Reports escape control characters as \xHH; inside single quotes the shell would keep those four characters.
        assertThat(SecretSupport.shellWord("new\nline2.yaml")).isEqualTo("$'new\\nline2.yaml'");
        assertThat(SecretSupport.shellWord("esc\u001b[31mred.yaml")).isEqualTo("$'esc\\x1b[31mred.yaml'");
        assertThat(SecretSupport.shellWord("it's\tx\\y\u0085.yaml")).isEqualTo("$'it\\'s\\tx\\\\y\\xc2\\x85.yaml'");
    }
}
