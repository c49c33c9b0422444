package io.fluxward.cli;

import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole fixture suite as one scan result: every case scanned on its own (as the fixture
 * test does, with its own configuration) and merged with paths prefixed by the case folder, as
 * if {@code testdata/cases} were one repository.
 */
public final class FixtureSuite {

    private static ScanResult builtIn;

    private FixtureSuite() {
    }

    /** The suite scanned with the built-in rules, once per test JVM (several test classes use it). */
    public static synchronized ScanResult builtIn() throws Exception {
        if (builtIn == null) {
            builtIn = scan(RuleSet.load(List.of()));
        }
        return builtIn;
    }

    /** Scans every case; paths become {@code <group>/<case>/<path>}. */
    public static ScanResult scan(RuleSet rules) throws Exception {
        Path base = TestPaths.testdata().resolve("cases");
        List<ScanResult> results = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (Path c : Fixtures.cases()) {
            results.add(Fixtures.scan(c, rules));
            prefixes.add(base.relativize(c).toString().replace('\\', '/') + "/");
        }
        return Merged.merge(results, prefixes, "fixture suite");
    }
}
