package io.fluxward.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fluxward.config.Limits;
import io.fluxward.model.FileLoader;

/** Fuzzes decoding, the YAML composer and the object model, through the file loader. */
class YamlFuzzTest {

    private static final FileLoader LOADER = new FileLoader(Limits.DEFAULT);

    @FuzzTest(maxDuration = "20s")
    void fuzzYaml(byte[] input) {
        FuzzChecks.load(LOADER, "f.yaml", input);
        FuzzChecks.load(LOADER, "f.json", input);
        FuzzChecks.load(LOADER, "notes.txt", input);
    }
}
