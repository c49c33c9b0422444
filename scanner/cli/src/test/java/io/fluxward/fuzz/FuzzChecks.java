package io.fluxward.fuzz;

import io.fluxward.config.Limits;
import io.fluxward.engine.Finding;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanResult;
import io.fluxward.model.FileLoader;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Note;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YWalker;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlProblem;
import java.util.Optional;

/**
 * The properties every fuzz test checks besides "never throws": what a loaded file holds is
 * consistent (spans inside the file, at most one fatal problem, bounded trees, one-line
 * messages) and a scan never reports an internal error (a rule or reader that broke).
 */
final class FuzzChecks {

    private static RuleSet rules;

    private FuzzChecks() {
    }

    static synchronized RuleSet rules() {
        if (rules == null) {
            try {
                rules = RuleSet.load(java.util.List.of());
            } catch (RuleSet.RuleLoadException e) {
                throw new IllegalStateException(e);
            }
        }
        return rules;
    }

    static void load(FileLoader loader, String path, byte[] bytes) {
        FileLoader.Loaded loaded = loader.load(path, bytes, Optional.empty(), false);
        for (Note n : loaded.notes()) {
            check(n.message().indexOf('\n') < 0, "note spans lines: " + n.message());
        }
        if (loaded.model().isEmpty()) {
            return;
        }
        FileModel model = loaded.model().get();
        int lines = lineCount(model.file().text());
        model.yaml().ifPresent(parse -> checkParse(parse, lines));
        for (KubeObject o : model.objects()) {
            // Accessors used by every rule must be total.
            o.apiVersion();
            o.group();
            o.kind();
            o.name();
            o.namespace();
            o.labels();
            o.annotations();
            checkSpan(o.location().span(), lines);
        }
    }

    /** Lines as YAML counts them: LF, CR LF and a lone CR each end one (a lone CR is a break for editors too). */
    static int lineCount(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                lines++;
            }
        }
        return lines;
    }

    private static void checkParse(YamlParse parse, int lines) {
        long fatal = parse.problems().stream()
                .filter(p -> p.kind() == YamlProblem.Kind.SYNTAX || p.kind() == YamlProblem.Kind.LIMIT).count();
        check(fatal <= 1, "more than one fatal problem: " + parse.problems());
        for (YamlProblem p : parse.problems()) {
            checkSpan(p.span(), lines);
            check(p.message().indexOf('\n') < 0 && p.message().length() <= 200, "message not one short line: " + p.message());
        }
        long[] nodes = {0};
        for (YDocument doc : parse.documents()) {
            checkSpan(doc.span(), lines);
            YWalker.walk(doc.root(), (path, node) -> {
                nodes[0]++;
                if (node.isPresent()) {
                    checkSpan(node.span(), lines);
                }
                return true;
            });
        }
        check(nodes[0] <= Limits.DEFAULT.yaml().maxExpandedNodes(), "tree larger than the node limit: " + nodes[0]);
    }

    private static void checkSpan(Span s, int lines) {
        check(s.line() >= 1 && s.column() >= 1 && s.line() <= lines + 1 && s.endLine() <= lines + 1,
                "span outside the file (" + lines + " lines): " + s);
    }

    static void scanResult(ScanResult result) {
        for (Note n : result.notes()) {
            check(!n.message().contains("internal error"), "internal error: " + n.render());
        }
        for (Finding f : result.findings()) {
            check(f.line() >= 1 && f.message().indexOf('\n') < 0, "bad finding: " + f);
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
