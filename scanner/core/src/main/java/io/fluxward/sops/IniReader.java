package io.fluxward.sops;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an INI file as sops' INI store (go-ini) does: {@code [section]} headers, {@code key = value}
 * or {@code key: value} lines, {@code ;} and {@code #} comments; keys before the first header
 * belong to section {@code DEFAULT}. The {@code [sops]} section holds the flattened metadata; a
 * value's key path is its section and its key.
 */
final class IniReader {

    private IniReader() {
    }

    static Optional<SopsFile> read(String path, String text) {
        List<FlatMetadata.Entry> meta = new ArrayList<>();
        List<SopsFile.Leaf> leaves = new ArrayList<>();
        Span anchor = null;
        String section = "DEFAULT";
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                if (section.equals("sops") && anchor == null) {
                    int col = raw.indexOf('[') + 1;
                    anchor = new Span(i + 1, col, i + 1, col + line.length());
                }
                continue;
            }
            int eq = delimiter(line);
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            int start = raw.indexOf(line) + eq + 1;
            while (start < raw.length() && Character.isWhitespace(raw.charAt(start))) {
                start++;
            }
            Span span = new Span(i + 1, start + 1, i + 1, raw.length() + 1);
            if (section.equals("sops")) {
                meta.add(new FlatMetadata.Entry(key, value.replace("\\n", "\n"), span));
            } else {
                leaves.add(new SopsFile.Leaf(0, List.of(section, key), section + "." + key, value, YMissing.INSTANCE, span));
            }
        }
        if (anchor == null) {
            return Optional.empty();
        }
        YNode tree = FlatMetadata.unflatten(meta, anchor);
        if (!SopsMetadata.isMetadata(tree)) {
            return Optional.empty();
        }
        SopsMetadata metadata = SopsMetadata.read(tree, anchor, SopsFormat.INI);
        return Optional.of(SopsFile.ofLines(path, SopsFormat.INI, metadata, leaves));
    }

    private static int delimiter(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("`") && value.endsWith("`"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
