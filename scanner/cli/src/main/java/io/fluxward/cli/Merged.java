package io.fluxward.cli;

import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleDescriptor;
import io.fluxward.engine.ScanResult;
import io.fluxward.model.Location;
import io.fluxward.model.Note;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Combines the results of several scan targets, with paths made relative to each target's prefix. */
final class Merged {

    private Merged() {
    }

    static ScanResult merge(List<ScanResult> results, List<ScanTarget> targets) {
        // Targets of one git work tree keep paths from its top, as a scan of one of them does; targets of several
        // repositories (or outside git) are told apart by their folder's name.
        boolean oneWorkTree = targets.stream().map(ScanTarget::gitTop).distinct().count() == 1
                && targets.get(0).gitTop().isPresent();
        List<String> prefixes = new ArrayList<>();
        for (ScanTarget t : targets) {
            prefixes.add(t.pathPrefix().isEmpty() && targets.size() > 1 && !oneWorkTree
                    ? t.root().getFileName() + "/" : t.pathPrefix());
        }
        return merge(results, prefixes, results.get(0).source());
    }

    /** Merges results, putting {@code prefixes[i]} in front of every path of {@code results[i]}. */
    static ScanResult merge(List<ScanResult> results, List<String> prefixes, String source) {
        List<Finding> findings = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        Map<String, RuleDescriptor> rules = new LinkedHashMap<>();
        int files = 0;
        int suppressed = 0;
        for (int i = 0; i < results.size(); i++) {
            ScanResult r = results.get(i);
            String prefix = prefixes.get(i);
            for (Finding f : r.findings()) {
                List<Finding.Related> related = f.related().stream()
                        .map(x -> new Finding.Related(move(x.location(), prefix), x.message())).toList();
                findings.add(new Finding(f.ruleId(), f.level(), move(f.location(), prefix), f.message(), f.fingerprint(),
                        related, f.parts()));
            }
            for (Note n : r.notes()) {
                notes.add(new Note(n.kind(), n.path() == null || n.path().isEmpty() ? n.path() : prefix + n.path(),
                        n.line(), n.message()));
            }
            r.rules().forEach(d -> rules.putIfAbsent(d.id(), d));
            files += r.filesScanned();
            suppressed += r.suppressed();
        }
        findings.sort(Finding.ORDER);
        notes.sort(null);
        List<RuleDescriptor> ran = new ArrayList<>(rules.values());
        ran.sort(java.util.Comparator.comparing(RuleDescriptor::id));
        return new ScanResult(findings, suppressed, notes, files, ran, source);
    }

    private static Location move(Location l, String prefix) {
        return new Location(prefix + l.path(), l.span());
    }
}
