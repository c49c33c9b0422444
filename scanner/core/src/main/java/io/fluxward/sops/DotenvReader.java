package io.fluxward.sops;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a dotenv file as sops' dotenv store does: one {@code KEY=value} per line, {@code #} lines
 * are comments, {@code \n} in values stands for a line break, and {@code sops_*} keys hold the
 * flattened metadata.
 */
final class DotenvReader {

    private static final String PREFIX = "sops_";

    private DotenvReader() {
    }

    static Optional<SopsFile> read(String path, String text) {
        List<FlatMetadata.Entry> meta = new ArrayList<>();
        List<SopsFile.Leaf> leaves = new ArrayList<>();
        Span anchor = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1).replace("\\n", "\n");
            Span span = new Span(i + 1, eq + 2, i + 1, line.codePointCount(0, line.length()) + 1);
            if (key.startsWith(PREFIX)) {
                String name = key.substring(PREFIX.length());
                meta.add(new FlatMetadata.Entry(name, value, span));
                if (anchor == null) {
                    anchor = new Span(i + 1, 1, i + 1, eq + 1);
                }
            } else {
                leaves.add(new SopsFile.Leaf(0, List.of(key), key, value, YMissing.INSTANCE, span));
            }
        }
        if (anchor == null) {
            return Optional.empty();
        }
        YNode tree = FlatMetadata.unflatten(meta, anchor);
        if (!SopsMetadata.isMetadata(tree)) {
            return Optional.empty();
        }
        SopsMetadata metadata = SopsMetadata.read(tree, anchor, SopsFormat.DOTENV);
        return Optional.of(SopsFile.ofLines(path, SopsFormat.DOTENV, metadata, leaves));
    }
}
