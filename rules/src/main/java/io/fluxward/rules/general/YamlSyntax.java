package io.fluxward.rules.general;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.model.Location;
import io.fluxward.yaml.YamlProblem;

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
    }
}
