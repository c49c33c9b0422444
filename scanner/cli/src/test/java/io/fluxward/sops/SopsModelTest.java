package io.fluxward.sops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.model.FileLoader;
import io.fluxward.model.FileModel;
import io.fluxward.config.Limits;
import io.fluxward.yaml.Span;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SOPS model against the rules of sops itself: ENC values, selection semantics, formats, .sops.yaml. */
class SopsModelTest {

    private static final String IV = "vUMp0WA7ZJm9tW6e3EnCcAHwPWn5wqPjQwkeUhusvCA=";
    private static final String TAG = "IroVUgpxnMIbkJIPrbKH5w==";
    private static final String AGE = "age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29";

    private static String enc(String data, String iv, String tag, String type) {
        return "ENC[AES256_GCM,data:" + data + ",iv:" + iv + ",tag:" + tag + ",type:" + type + "]";
    }

    @Test
    void encValuesAreCheckedLikeSopsWritesThem() {
        assertThat(EncValue.problem(enc("mHeXsmQ=", IV, TAG, "str"))).isEmpty();
        for (String type : EncValue.TYPES) {
            assertThat(EncValue.isValid(enc("AA==", IV, TAG, type))).as(type).isTrue();
        }
        assertThat(EncValue.problem(enc("mHeXsmQ=", "vUMp0WA7", TAG, "str"))).get().asString().contains("iv of 6 bytes");
        assertThat(EncValue.problem(enc("mHeXsmQ=", IV, IV, "str"))).get().asString().contains("tag of 32 bytes");
        assertThat(EncValue.problem(enc("m!eXsmQ=", IV, TAG, "str"))).get().asString().contains("data field that is not valid");
        assertThat(EncValue.problem(enc("mHeXsmQ=", IV, TAG, "string"))).get().asString().contains("unknown type");
        assertThat(EncValue.problem(enc("", IV, TAG, "str"))).get().asString().contains("empty data");
        assertThat(EncValue.problem("ENC[AES256_GCM,data:mHeXsmQ=,iv:" + IV + ",type:str]")).get().asString()
                .contains("no tag");
        assertThat(EncValue.problem("ENC[AES256_CBC,data:x,iv:y,tag:z,type:str]")).get().asString().contains("AES256_GCM");
        assertThat(EncValue.problem("ENC[AES256_GCM,data:x")).get().asString().contains("not closed");
        // A problem never quotes the value.
        assertThat(EncValue.problem(enc("c2VjcmV0LXZhbHVl!", IV, TAG, "str")).get()).doesNotContain("c2VjcmV0");
    }

    private static SopsMetadata metadata(String selectionKey, String value) {
        String text = "a: 1\nsops:\n  age:\n    - recipient: " + AGE + "\n      enc: x\n"
                + "  lastmodified: \"2024-11-12T13:33:42Z\"\n"
                + "  mac: " + enc("Zm9v", IV, TAG, "str") + "\n"
                + (selectionKey == null ? "" : "  " + selectionKey + ": '" + value + "'\n") + "  version: 3.9.0\n";
        return SopsFile.of(load("x.yaml", text)).orElseThrow().metadata();
    }

    @Test
    void shouldBeEncryptedFollowsSops() {
        SopsMetadata regex = metadata("encrypted_regex", "^(data|stringData)$");
        assertThat(regex.verdict(List.of("stringData", "password"))).isEqualTo(SopsMetadata.Verdict.ENCRYPT);
        assertThat(regex.verdict(List.of("metadata", "name"))).isEqualTo(SopsMetadata.Verdict.LEAVE_PLAIN);
        // Unanchored: 'data' also selects metadata.
        SopsMetadata loose = metadata("encrypted_regex", "data");
        assertThat(loose.verdict(List.of("metadata", "name"))).isEqualTo(SopsMetadata.Verdict.ENCRYPT);
        assertThat(loose.verdict(List.of("stringData", "x"))).isEqualTo(SopsMetadata.Verdict.LEAVE_PLAIN);
        SopsMetadata defaults = metadata(null, null);
        assertThat(defaults.selection()).isEqualTo(Selection.DEFAULT);
        assertThat(defaults.verdict(List.of("a"))).isEqualTo(SopsMetadata.Verdict.ENCRYPT);
        assertThat(defaults.verdict(List.of("endpoint_unencrypted", "url"))).isEqualTo(SopsMetadata.Verdict.LEAVE_PLAIN);
        SopsMetadata suffix = metadata("encrypted_suffix", "_secret");
        assertThat(suffix.verdict(List.of("db_secret", "inner"))).isEqualTo(SopsMetadata.Verdict.ENCRYPT);
        assertThat(suffix.verdict(List.of("db"))).isEqualTo(SopsMetadata.Verdict.LEAVE_PLAIN);
        SopsMetadata unencrypted = metadata("unencrypted_regex", "^(description|metadata)$");
        assertThat(unencrypted.verdict(List.of("metadata", "name"))).isEqualTo(SopsMetadata.Verdict.LEAVE_PLAIN);
        assertThat(unencrypted.verdict(List.of("data", "x"))).isEqualTo(SopsMetadata.Verdict.ENCRYPT);
        assertThat(metadata("encrypted_comment_regex", "sops:enc").verdict(List.of("a")))
                .isEqualTo(SopsMetadata.Verdict.UNKNOWN);
    }

    @Test
    void allFourFormatsAreRead() {
        String mac = enc("Zm9v", IV, TAG, "str");
        Optional<SopsFile> env = SopsFile.of(load("a.env", "PASSWORD=" + enc("AA==", IV, TAG, "str") + "\nPLAIN=x\n"
                + "sops_age__list_0__map_recipient=" + AGE + "\n"
                + "sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\nx\\n\n"
                + "sops_lastmodified=2024-11-12T13:33:42Z\nsops_mac=" + mac + "\nsops_version=3.9.0\n"));
        assertThat(env).isPresent();
        assertThat(env.get().format()).isEqualTo(SopsFormat.DOTENV);
        assertThat(env.get().metadata().recipients()).extracting(Recipient::id).containsExactly(AGE);
        assertThat(env.get().metadata().problems()).isEmpty();
        assertThat(env.get().leaves()).extracting(SopsFile.Leaf::path).containsExactly("PASSWORD", "PLAIN");
        assertThat(env.get().leaves().get(1).span()).isEqualTo(new Span(2, 7, 2, 8));

        Optional<SopsFile> ini = SopsFile.of(load("a.ini", "[db]\npassword = " + enc("AA==", IV, TAG, "str") + "\n\n[sops]\n"
                + "key_groups__list_0__map_age__list_0__map_recipient = " + AGE + "\nlastmodified = 2024-11-12T13:33:42Z\n"
                + "mac = " + mac + "\nversion = 3.9.0\nunencrypted_suffix = _unencrypted\n"));
        assertThat(ini).isPresent();
        assertThat(ini.get().metadata().keyGroups()).hasSize(1);
        assertThat(ini.get().leaves().get(0).keyPath()).containsExactly("db", "password");

        Optional<SopsFile> json = SopsFile.of(load("a.json", "{\"data\": \"" + enc("AA==", IV, TAG, "bytes") + "\", \"sops\": "
                + "{\"kms\": null, \"age\": [{\"recipient\": \"" + AGE + "\", \"enc\": \"x\"}], \"lastmodified\": "
                + "\"2024-11-12T13:33:42Z\", \"mac\": \"" + mac + "\", \"version\": \"3.9.0\"}}"));
        assertThat(json).isPresent();
        assertThat(json.get().format()).isEqualTo(SopsFormat.JSON);
        assertThat(json.get().hasEncryptedValue()).isTrue();

        String binary = "{\n\t\"data\": \"" + enc("AA==", IV, TAG, "str") + "\",\n\t\"sops\": {\n\t\t\"age\": [{\"recipient\": \""
                + AGE + "\", \"enc\": \"x\"}],\n\t\t\"lastmodified\": \"2024-11-12T13:33:42Z\",\n\t\t\"mac\": \"" + mac
                + "\",\n\t\t\"version\": \"3.9.0\"\n\t}\n}\n";
        for (String name : List.of("tls.key", "tls.key.enc", "notes.txt", "ca")) {
            Optional<SopsFile> read = SopsFile.of(load(name, binary));
            assertThat(read).as("sops' binary format in %s, known by content", name).isPresent();
            assertThat(read.get().format()).isEqualTo(SopsFormat.JSON);
            assertThat(read.get().hasEncryptedValue()).isTrue();
            assertThat(read.get().leaves().get(0).span().line()).isEqualTo(2);
        }

        assertThat(SopsFile.of(load("plain.yaml", "sops:\n  enabled: true\n"))).as("not metadata").isEmpty();
        // Other tools' sops settings: no mac, and no lastmodified/version next to a recipient list.
        for (String other : List.of("sops:\n  age:\n    keyFile: /keys.txt\n", "sops:\n  version: 3.9.0\n",
                "sops:\n  kms: arn:aws:kms:eu-west-1:1:key/x\n", "sops:\n  version: 3\n  age: {keyFile: k}\n")) {
            assertThat(SopsFile.of(load("helmfile.yaml", "name: x\n" + other))).as(other).isEmpty();
        }
        assertThat(SopsFile.of(load("lost-mac.yaml", "a: b\nsops:\n  age: []\n  lastmodified: '2024-11-12T13:33:42Z'\n")))
                .as("sops metadata that lost its mac").isPresent();
        assertThat(SopsFile.of(load("a.env", "A=b\nsops_version=3.9.0\n"))).as("dotenv, no mac nor recipients").isEmpty();
        assertThat(SopsFile.of(load("empty.sops.yaml", ""))).isEmpty();
    }

    @Test
    void flattenedKeysAreTokenizedAsSopsDoes() {
        assertThat(FlatMetadata.tokenize("key_groups__list_1__map_age__list_0__map_recipient"))
                .containsExactly("key_groups", 1, "age", 0, "recipient");
    }

    @Test
    void creationRulesFirstMatchRelativeToTheirFolder() {
        SopsConfig config = SopsConfig.read(load("clusters/prod/.sops.yaml", "keys:\n  - &a " + AGE + "\ncreation_rules:\n"
                + "  - path_regex: ^apps/.*\\.sops\\.ya?ml$\n    key_groups:\n      - age: [*a]\n        merge:\n"
                + "          - pgp: ['84EE AB5A CBE8 2B10']\n"
                + "  - path_regex: .*\\.env$\n    age: 'age1b , age1c'\n  - encrypted_regex: data\n"));
        assertThat(config.dir()).isEqualTo("clusters/prod");
        SopsConfig.CreationRule first = config.ruleFor("clusters/prod/apps/x.sops.yaml").orElseThrow();
        assertThat(first.index()).isZero();
        assertThat(first.recipients()).extracting(Recipient::identity).containsExactly("AGE:" + AGE, "PGP:84EEAB5ACBE82B10");
        assertThat(config.ruleFor("clusters/prod/a/b.env").orElseThrow().recipients()).extracting(Recipient::id)
                .containsExactly("age1b", "age1c");
        assertThat(config.ruleFor("clusters/prod/other.yaml").orElseThrow().index()).isEqualTo(2);
        assertThat(config.ruleFor("clusters/test/apps/x.sops.yaml")).as("outside its folder").isEmpty();
    }

    @Test
    void sopsStopsAtAPathRegexGoCannotCompile() {
        SopsConfig config = SopsConfig.read(load(".sops.yaml", "creation_rules:\n  - path_regex: ^clusters/\n    age: " + AGE
                + "\n  - path_regex: ^(?!archive/).*\\.yaml$\n    age: " + AGE + "\n  - path_regex: \\.yaml$\n    age: " + AGE
                + "\n"));
        assertThat(config.ruleFor("clusters/a.yaml").orElseThrow().index()).isZero();
        assertThat(config.rules().get(1).regexError()).hasValueSatisfying(e -> assertThat(e).contains("`(?!`"));
        // sops tries rule 2, cannot compile it and aborts: rule 3 is never tried.
        assertThat(config.reached("apps/a.yaml").orElseThrow().index()).isEqualTo(1);
        assertThat(config.ruleFor("apps/a.yaml")).isEmpty();
    }

    static FileModel load(String path, String text) {
        return new FileLoader(Limits.DEFAULT).load(path, text.getBytes(StandardCharsets.UTF_8), Optional.empty(), false)
                .model().orElseThrow();
    }
}
