package io.fluxward.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.sops.EncValue;
import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void anBeforeAVowelSound() {
        assertThat(Words.a("OCIRepository")).isEqualTo("an OCIRepository");
        assertThat(Words.a("iv")).isEqualTo("an iv");
        assertThat(Words.a("ExternalSecret")).isEqualTo("an ExternalSecret");
        assertThat(Words.a("HTTPRoute")).isEqualTo("an HTTPRoute");
        assertThat(Words.a("unknown kind")).isEqualTo("an unknown kind");
        assertThat(Words.a("HelmRepository")).isEqualTo("a HelmRepository");
        assertThat(Words.a("URL")).isEqualTo("a URL");
        assertThat(Words.a("user")).isEqualTo("a user");
        assertThat(Words.a("chartRef")).isEqualTo("a chartRef");
    }

    @Test
    void sopsValueProblemsUseTheRightArticle() {
        assertThat(EncValue.problem("ENC[AES256_GCM,data:YQ==,iv:eHh4eHh4eHh4eHh4,tag:eXl5eXl5eXl5eXl5eXl5eQ==,type:str]"))
                .contains("has an iv of 12 bytes (sops writes 32)");
    }
}
