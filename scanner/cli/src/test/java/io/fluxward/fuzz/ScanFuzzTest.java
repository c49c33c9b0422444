package io.fluxward.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fluxward.config.Config;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.kustomize.Kustomize;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.MemorySnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fuzzes a whole small repository: files at paths the fuzzer picks among kustomize, Flux and
 * plain names, read into a model, the kustomize render of every folder built, and every rule run.
 * Nothing may throw and no rule may report an internal error.
 */
class ScanFuzzTest {

    private static final String[] PATHS = {"kustomization.yaml", "apps/kustomization.yaml", "apps/deploy.yaml",
        "apps/base/kustomization.yaml", "apps/base/cm.yaml", "clusters/prod/flux.yaml", "secret.enc.yaml", ".sops.yaml",
        "charts/x/Chart.yaml", "charts/x/templates/t.yaml", "notes.txt", "values.json", "Kustomization"};

    @FuzzTest(maxDuration = "20s")
    void fuzzScan(FuzzedDataProvider data) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        int count = data.consumeInt(1, 5);
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            String path = data.pickValue(PATHS);
            files.put(path, data.consumeString(2000).getBytes(StandardCharsets.UTF_8));
        }
        if (data.remainingBytes() > 0) {
            files.put(data.pickValue(PATHS), data.consumeRemainingAsBytes());
        }
        MemorySnapshot snapshot = new MemorySnapshot("fuzz", files, Map.of());
        Scanner scanner = new Scanner(FuzzChecks.rules());
        ScanOptions options = ScanOptions.defaults().withThreads(1);
        RepositoryModel model = scanner.model(snapshot, Config.empty(), options, new ArrayList<>());
        Kustomize kustomize = model.facet(Kustomize.FACET);
        for (String dir : List.of("", "apps", "apps/base", "clusters/prod", "../..", "/etc")) {
            kustomize.build(dir);
        }
        FuzzChecks.scanResult(scanner.check(model, options, new ArrayList<>()));
    }
}
