package io.fluxward.model;

import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import io.fluxward.yaml.YamlLimits;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * YAML embedded in a string of another file ({@code patch: |} in a kustomization or a Flux
 * Kustomization, a kubeconfig in a ConfigMap). The embedded documents are parsed and their spans moved
 * to where the text sits in the outer file, so findings about embedded content point at the right line
 * and column. A literal block ({@code |}) maps line by line; other scalar styles map every node to the
 * scalar itself.
 */
public final class InlineYaml {

    private InlineYaml() {
    }

    /** The embedded documents of {@code scalar} (a string node of {@code file}), with outer-file spans. */
    public static YamlParse parse(YNode scalar, SourceFile file, YamlLimits limits) {
        String text = scalar.textOr("");
        YamlParse inner = new YamlParser(limits).parseText(text);
        UnaryOperator<Span> shift = shifter(scalar, file);
        Map<YNode, YNode> done = new IdentityHashMap<>();
        List<YDocument> docs = new ArrayList<>();
        for (YDocument d : inner.documents()) {
            docs.add(new YDocument(d.index(), remap(d.root(), shift, done), shift.apply(d.span())));
        }
        List<io.fluxward.yaml.YamlProblem> problems = new ArrayList<>();
        for (io.fluxward.yaml.YamlProblem p : inner.problems()) {
            problems.add(new io.fluxward.yaml.YamlProblem(p.kind(), p.message(), shift.apply(p.span())));
        }
        return new YamlParse(docs, problems);
    }

    private static UnaryOperator<Span> shifter(YNode scalar, SourceFile file) {
        Span outer = scalar.span();
        if (lineByLine(scalar)) {
            int indent = blockIndent(file, outer);
            int firstLine = outer.line() + 1;
            return span -> new Span(firstLine + span.line() - 1, span.column() + indent,
                    firstLine + span.endLine() - 1, span.endColumn() + indent);
        }
        return span -> outer;
    }

    /**
     * Where the text from {@code start} to {@code end} (offsets in the scalar's value) sits in the outer file: a
     * literal block maps line by line; any other style, or a range over a line break, is the whole scalar.
     */
    public static Span spanAt(YNode scalar, SourceFile file, int start, int end) {
        Span outer = scalar.span();
        String text = scalar.textOr("");
        if (!lineByLine(scalar) || start < 0 || end > text.length() || start > end
                || text.substring(start, end).indexOf('\n') >= 0) {
            return outer;
        }
        int line = outer.line() + 1;
        int lineStart = 0;
        for (int i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) {
            line++;
            lineStart = i + 1;
        }
        int column = blockIndent(file, outer) + 1 + (start - lineStart);
        return new Span(line, column, line, column + (end - start));
    }

    /** A literal block over several lines: its text keeps the file's lines, each less the block's indentation. */
    private static boolean lineByLine(YNode scalar) {
        return scalar instanceof YScalar s && s.style() == YScalar.Style.LITERAL && s.span().endLine() > s.span().line();
    }

    /** Indentation of the first non-blank content line of a block scalar. */
    private static int blockIndent(SourceFile file, Span outer) {
        for (int line = outer.line() + 1; line <= outer.endLine(); line++) {
            String text = file.line(line);
            if (!text.isBlank()) {
                int i = 0;
                while (i < text.length() && text.charAt(i) == ' ') {
                    i++;
                }
                return i;
            }
        }
        return 0;
    }

    private static YNode remap(YNode node, UnaryOperator<Span> shift, Map<YNode, YNode> done) {
        YNode seen = done.get(node);
        if (seen != null) {
            return seen;
        }
        YNode out;
        if (node instanceof YMap m) {
            List<YEntry> entries = new ArrayList<>();
            for (YEntry e : m.entries()) {
                entries.add(new YEntry(remap(e.key(), shift, done), remap(e.value(), shift, done)));
            }
            out = new YMap(entries, m.tag(), shift.apply(m.span()), m.expandedSize());
        } else if (node instanceof YSeq s) {
            List<YNode> items = new ArrayList<>();
            for (YNode item : s.items()) {
                items.add(remap(item, shift, done));
            }
            out = new YSeq(items, s.tag(), shift.apply(s.span()), s.expandedSize());
        } else if (node instanceof YScalar s) {
            out = new YScalar(s.value(), s.style(), s.tag(), shift.apply(s.span()));
        } else {
            out = node;
        }
        done.put(node, out);
        return out;
    }
}
