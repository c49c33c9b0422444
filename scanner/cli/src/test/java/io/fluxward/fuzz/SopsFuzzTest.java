package io.fluxward.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fluxward.config.Limits;
import io.fluxward.model.FileLoader;
import io.fluxward.model.FileModel;
import io.fluxward.secrets.SecretScanner;
import io.fluxward.sops.EncValue;
import io.fluxward.sops.SopsConfig;
import io.fluxward.sops.SopsFile;
import io.fluxward.sops.SopsMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes the SOPS metadata parser in every format it reads (YAML/JSON {@code sops:} blocks, dotenv
 * {@code sops_*} lines, INI {@code [sops]} sections), {@code .sops.yaml} creation rules with their
 * regular expressions, {@code ENC[...]} values and the credential patterns over the same text.
 */
class SopsFuzzTest {

    private static final FileLoader LOADER = new FileLoader(Limits.DEFAULT);
    private static final String[] NAMES = {"secret.enc.yaml", "secret.json", "app.env", "app.ini", ".sops.yaml", "notes.txt"};

    @FuzzTest(maxDuration = "20s")
    void fuzzSops(FuzzedDataProvider data) {
        String name = data.pickValue(NAMES);
        String probe = data.consumeString(200);
        byte[] bytes = data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8);
        Optional<FileModel> model = LOADER.load("dir/" + name, bytes, Optional.empty(), false).model();
        if (model.isEmpty()) {
            return;
        }
        FileModel file = model.get();
        SopsFile.of(file).ifPresent(sops -> {
            sops.leaves();
            sops.plaintextValues();
            sops.hasEncryptedValue();
            for (SopsFile.Document d : sops.documents()) {
                SopsMetadata m = d.metadata();
                m.problems();
                m.recipients();
                m.selection();
                for (SopsFile.Leaf leaf : d.leaves()) {
                    m.verdict(leaf.keyPath());
                }
            }
        });
        if (name.equals(".sops.yaml")) {
            SopsConfig config = SopsConfig.read(file);
            config.ruleFor("dir/" + probe);
            config.rules().forEach(r -> {
                r.recipients();
                r.display();
            });
        }
        EncValue.problem(probe);
        EncValue.type(probe);
        SecretScanner.scan(file.file().text());
        SecretScanner.containsSecret(probe);
    }
}
