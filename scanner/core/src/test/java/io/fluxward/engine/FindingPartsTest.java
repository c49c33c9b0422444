package io.fluxward.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.baseline.Baseline;
import io.fluxward.config.Config;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.snapshot.MemorySnapshot;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A finding about several secret values of one object (FW-S001: a plaintext Secret) is one finding, identified by
 * the object; each value is a part of it. Against what was known before (a staged change against HEAD, a baseline)
 * a value removed or moved within the object is nothing new, a value added or changed is.
 */
class FindingPartsTest {

    /** Test stand-in for FW-S001: one finding per Secret, at its first value, each value a part. */
    @RuleInfo(id = "TEST-S001", name = "test-plaintext-secret", level = Level.ERROR, summary = "Plaintext values.",
            description = "Test rule.", fix = "Encrypt it.",
            bad = "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {k: v}\n",
            good = "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n", tags = {"secrets"})
    public static final class PlainValues implements FileRule {
        @Override
        public void check(FileModel file, RuleContext context) {
            for (KubeObject o : file.objects()) {
                List<YEntry> values = o.get("stringData").entries();
                if (!o.kind().equals("Secret") || values.isEmpty()) {
                    continue;
                }
                RuleContext.FindingBuilder finding = context.at(file.path(), values.get(0).value())
                        .message(o.ref() + " holds " + values.size() + " plaintext values");
                values.forEach(e -> finding.secretPart(o.node(), e.value(), e.value().textOr("")));
                finding.report();
            }
        }
    }

    private static final String HEAD = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: apps}\nstringData:\n";
    private static final String TOKEN = "  apitoken: cnry-token-0a9f8e7d\n";
    private static final String PASSWORD = "  password: cnry-password-0a9f8e7d\n";

    private static Finding scan(String text) throws Exception {
        ScanResult r = new Scanner(RuleSet.of(List.of(new PlainValues()))).scan(
                MemorySnapshot.ofText(Map.of("apps/secret.yaml", text)), Config.empty(), ScanOptions.defaults());
        assertThat(r.findings()).hasSize(1);
        return r.findings().get(0);
    }

    @Test
    void removingOrReorderingValuesIsNothingNewAddingOrChangingOneIs() throws Exception {
        Finding both = scan(HEAD + TOKEN + PASSWORD);
        Finding tokenGone = scan(HEAD + PASSWORD);
        Finding passwordGone = scan(HEAD + TOKEN);
        Finding swapped = scan("# moved down\n" + HEAD + PASSWORD + TOKEN);
        Finding added = scan(HEAD + TOKEN + PASSWORD + "  extra: cnry-extra-0a9f8e7d\n");
        Finding changed = scan(HEAD + TOKEN + PASSWORD.replace("0a9f8e7d", "5c3b1e24"));

        // One identity for the Secret, whichever values it holds and wherever its first value is.
        assertThat(List.of(tokenGone, passwordGone, swapped, added, changed)).extracting(Finding::fingerprint)
                .containsOnly(both.fingerprint());
        assertThat(both.parts()).hasSize(2).allMatch(p -> p.matches("[0-9a-f]{16}"));
        assertThat(both.parts().toString()).doesNotContain("cnry");
        assertThat(swapped.parts()).isEqualTo(both.parts());

        FindingFilter known = FindingFilter.knownFindings("old", List.of(both));
        assertThat(known.hides(tokenGone)).as("first value removed").isTrue();
        assertThat(known.hides(passwordGone)).as("second value removed").isTrue();
        assertThat(known.hides(swapped)).as("values swapped").isTrue();
        assertThat(known.hides(added)).as("value added").isFalse();
        assertThat(known.hides(changed)).as("value changed").isFalse();
        // The other way round: the Secret that had one value gets its second one.
        assertThat(FindingFilter.knownFindings("old", List.of(tokenGone)).hides(both)).isFalse();
    }

    @Test
    void aBaselineAcceptsASecretWithFewerValuesAndNotOneWithANewValue() throws Exception {
        Finding both = scan(HEAD + TOKEN + PASSWORD);
        Finding tokenGone = scan(HEAD + PASSWORD);
        Baseline baseline = Baseline.parse(Baseline.of(List.of(both), "").toJson(), "baseline.json");
        assertThat(baseline.toJson()).contains("\"parts\"").doesNotContain("cnry");
        assertThat(baseline.entries()).singleElement().satisfies(e -> assertThat(e.parts()).isEqualTo(both.parts()));
        FindingFilter filter = baseline.filter("");
        assertThat(filter.hides(both)).isTrue();
        assertThat(filter.hides(tokenGone)).isTrue();
        assertThat(filter.hides(scan(HEAD + PASSWORD + TOKEN))).isTrue();
        assertThat(filter.hides(scan(HEAD + TOKEN + PASSWORD + "  extra: cnry-extra-0a9f8e7d\n"))).isFalse();
        assertThat(filter.hides(scan(HEAD + TOKEN.replace("0a9f8e7d", "5c3b1e24") + PASSWORD))).isFalse();
        // Not fixed: the Secret is still there, with one value fewer, which check reports and --prune drops.
        assertThat(baseline.stale(List.of(tokenGone), "", e -> true)).isEmpty();
        Map<Baseline.Entry, Baseline.Entry> shrunk = baseline.shrunk(List.of(tokenGone), "", e -> true);
        assertThat(shrunk).hasSize(1);
        assertThat(shrunk.values()).singleElement().satisfies(e -> assertThat(e.parts()).isEqualTo(tokenGone.parts()));
        assertThat(baseline.shrunk(List.of(both), "", e -> true)).isEmpty();
        Baseline pruned = baseline.replacing(shrunk);
        assertThat(pruned.filter("").hides(tokenGone)).isTrue();
        assertThat(pruned.filter("").hides(both)).as("the removed value is no longer accepted").isFalse();
        assertThat(baseline.stale(List.of(), "", e -> true)).hasSize(1);
    }

    @Test
    void findingsWithoutPartsAreMatchedByFingerprintAlone() throws Exception {
        Location at = new Location("a.yaml", new Span(1, 1, 1, 2));
        Finding plain = new Finding("FW-G001", Level.ERROR, at, "m", "f1", List.of());
        assertThat(plain.parts()).isEmpty();
        assertThat(FindingFilter.knownFindings("old", List.of(plain)).hides(plain.withLevel(Level.WARNING))).isTrue();
        assertThat(FindingFilter.knownFindings("old", List.of(plain)).hides(plain.withFingerprint("f2"))).isFalse();
        // A baseline file without parts (every rule but FW-S001, and files of older versions) reads as before.
        Baseline old = Baseline.parse("{\"fluxward\": \"baseline\", \"version\": 1, \"findings\": [{\"rule\": \"FW-G001\","
                + " \"path\": \"a.yaml\", \"fingerprint\": \"f1\"}]}", "b.json");
        assertThat(old.filter("").hides(plain)).isTrue();
        assertThat(old.toJson()).doesNotContain("parts");
    }
}
