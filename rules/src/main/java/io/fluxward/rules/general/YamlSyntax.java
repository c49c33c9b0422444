package io.fluxward.rules.general;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.model.Location;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YWalker;
import io.fluxward.yaml.YamlProblem;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** FW-G001: a YAML file that does not parse. */
@RuleInfo(
        id = "FW-G001",
        name = "yaml-syntax",
        level = Level.ERROR,
        summary = "A YAML file does not parse.",
        description = """
                kubectl, kustomize and Flux reject the whole file, so nothing in it is applied, and the \
                reconciliation of the Kustomization that includes it fails. The message gives the parser's \
                reason, line and column. Limits on nesting depth, alias use and size (`limits:` in \
                `.fluxward.yaml`) are reported here too: such a file is refused rather than parsed without bound. \
                Go and Helm templates (chart `templates/`, or files with `{{` that do not parse) are skipped \
                with a note instead.""",
        fix = """
                Correct the YAML at the reported line: usually indentation, a missing space after `:`, a tab \
                used for indentation, or an unquoted value that starts with a YAML indicator (`*`, `&`, `!`, `@`, \
                `` ` ``, `{`, `[`). `yamllint FILE` or your editor's YAML support shows the same spot.""",
        bad = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  mode: fast
                 level: 3
                """,
        good = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  mode: fast
                  level: "3"
                """,
        tags = {"yaml", "correctness"})
public final class YamlSyntax implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        if (file.file().type() != FileType.YAML) {
            return;
        }
        file.yaml().flatMap(y -> y.fatal()).ifPresent(problem -> context.at(new Location(file.path(), problem.span()))
                .key(problem.kind().name())
                .message(problem.kind() == YamlProblem.Kind.LIMIT
                        ? "YAML refused: " + problem.message()
                        : "YAML syntax error: " + problem.message())
                .report());
        if (file.yaml().isPresent() && file.yaml().get().fatal().isEmpty() && !file.template()
                && file.file().text().contains("<<")) {
            for (YDocument doc : file.documents()) {
                mergeKeys(file, doc.root(), context);
            }
        }
    }

    /**
     * Merge keys ({@code <<}) whose value kubectl's YAML reader refuses: it must be a mapping or a sequence of
     * mappings, and an alias in it must name a mapping. The file parses, but kustomize and Flux reject it.
     */
    private static void mergeKeys(FileModel file, YNode root, RuleContext context) {
        Set<YNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        YWalker.walk(root, (path, node) -> {
            if (node.isScalar() || !seen.add(node)) {
                return false; // an aliased tree is checked once
            }
            for (YEntry e : node.entries()) {
                if (e.key() instanceof YScalar k && k.style() == YScalar.Style.PLAIN && k.tag().isEmpty()
                        && k.value().equals("<<")) {
                    mergeValue(file, e, context);
                }
            }
            return true;
        });
    }

    private static void mergeValue(FileModel file, YEntry merge, RuleContext context) {
        YNode value = merge.value();
        if (value.isMap()) {
            return;
        }
        if (alias(merge, value)) {
            refused(file, merge.key(), "invalid map merge: received alias for a non-map value", context);
            return;
        }
        if (!value.isSeq()) {
            refused(file, value.isPresent() ? value : merge.key(), WANT_MAP, context);
            return;
        }
        for (YNode item : value.items()) {
            if (!item.isMap()) {
                boolean alias = alias(merge, item);
                refused(file, alias ? merge.key() : item, alias ? "invalid map merge: received alias for a non-map value"
                        : WANT_MAP, context);
                return;
            }
        }
    }

    private static final String WANT_MAP = "map merge requires map or sequence of maps as the value";

    /** An alias: the node is the anchored one, defined before the merge key that uses it. */
    private static boolean alias(YEntry merge, YNode node) {
        Span key = merge.key().span();
        Span at = node.span();
        return at.line() < key.line() || (at.line() == key.line() && at.column() < key.column());
    }

    private static void refused(FileModel file, YNode at, String reason, RuleContext context) {
        context.at(file.path(), at).message("YAML merge key '<<': " + reason
                + " (kubectl, kustomize and Flux reject the file)").report();
    }
}
