package io.fluxward.eso;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.Scanner;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Note;
import io.fluxward.model.RepositoryModel;
import io.fluxward.snapshot.MemorySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds repository models from inline files for the ESO tests. */
final class Models {

    private Models() {
    }

    /** Files as alternating path and content. */
    static RepositoryModel of(String... pathsAndTexts) throws Exception {
        return of(Config.empty(), pathsAndTexts);
    }

    static RepositoryModel of(Config config, String... pathsAndTexts) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        List<Note> notes = new ArrayList<>();
        return new Scanner(RuleSet.of(List.of())).model(MemorySnapshot.ofText(files), config, ScanOptions.defaults(), notes);
    }

    static KubeObject object(RepositoryModel model, String kind, String name) {
        return model.objects().stream().filter(o -> o.kind().equals(kind) && o.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }
}
