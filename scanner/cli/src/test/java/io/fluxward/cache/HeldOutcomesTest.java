package io.fluxward.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.engine.Outcome;
import io.fluxward.engine.ResultCache;
import io.fluxward.model.Note;
import io.fluxward.model.ParsedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the resident server's pre-scans found: held in memory, never on disk, until a scan takes it. */
class HeldOutcomesTest {

    @TempDir
    Path tmp;

    private static Outcome outcome(int n) {
        return new Outcome(List.of(), n, List.of(Note.info("f-" + n + ".yaml", "note " + n)));
    }

    @Test
    void aPreScanWritesNothingAndTheScanThatTakesAnOutcomeWritesItToTheDiskCache() throws Exception {
        DiskCache disk = new DiskCache(tmp.resolve("cache"), 1 << 20);
        HeldOutcomes held = HeldOutcomes.of(new ParsedFiles(1 << 20), true).orElseThrow();
        ResultCache preScan = held.forPreScan(disk);
        preScan.put("k1", outcome(1));
        assertThat(preScan.get("k1")).contains(outcome(1));
        assertThat(tmp.resolve("cache")).doesNotExist();
        // What is on disk already is read (never touched), as a request would.
        disk.put("k0", outcome(0));
        long time = entryTime();
        Thread.sleep(20);
        assertThat(preScan.get("k0")).contains(outcome(0));
        assertThat(entryTime()).isEqualTo(time);

        ResultCache request = held.forRequest(disk);
        assertThat(request.get("k1")).contains(outcome(1));
        assertThat(held.taken()).isEqualTo(1);
        assertThat(disk.get("k1")).contains(outcome(1));
        assertThat(request.get("k1")).contains(outcome(1));
        assertThat(held.taken()).isEqualTo(1);
        assertThat(request.get("k2")).isEmpty();
        // Another repository's cache (another folder) does not see them.
        preScan.put("k3", outcome(3));
        assertThat(held.forRequest(new DiskCache(tmp.resolve("other"), 1 << 20)).get("k3")).isEmpty();
    }

    /** The time of the one entry of the disk cache (a hit the cache serves touches it). */
    private long entryTime() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
            return Files.getLastModifiedTime(files.filter(Files::isRegularFile).findFirst().orElseThrow()).toMillis();
        }
    }

    @Test
    void onlyTheLatestAreHeldAndOnlyInAProcessThatKeepsValues() {
        assertThat(HeldOutcomes.of(ParsedFiles.NONE, true)).isEmpty();
        ParsedFiles kept = new ParsedFiles(1 << 20);
        assertThat(HeldOutcomes.of(kept, false)).isEmpty();
        HeldOutcomes held = HeldOutcomes.of(kept, true).orElseThrow();
        assertThat(HeldOutcomes.of(kept, false)).containsSame(held);
        DiskCache disk = new DiskCache(tmp.resolve("cache"), 1 << 20);
        ResultCache preScan = held.forPreScan(disk);
        for (int i = 0; i < 40; i++) {
            preScan.put("k" + i, outcome(i));
        }
        assertThat(preScan.get("k7")).isEmpty();
        assertThat(preScan.get("k8")).contains(outcome(8));
        assertThat(preScan.get("k39")).contains(outcome(39));
    }
}
