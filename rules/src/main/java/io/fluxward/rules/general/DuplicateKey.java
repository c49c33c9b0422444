package io.fluxward.rules.general;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.yaml.YamlProblem;

/** FW-G002: a mapping that repeats a key. */
@RuleInfo(
        id = "FW-G002",
        name = "duplicate-key",
        level = Level.ERROR,
        summary = "A YAML mapping repeats a key.",
        description = """
                YAML 1.2 forbids duplicate keys, but kubectl and Flux read such files anyway and silently keep \
                only one of the values, so one of the two settings is lost without any error. The finding \
                points at the repeated key.""",
        fix = "Remove one of the two keys, or merge their values into one entry.",
        bad = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels:
                    app: web
                  labels:
                    tier: frontend
                """,
        good = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels:
                    app: web
                    tier: frontend
                """,
        tags = {"yaml", "correctness"})
public final class DuplicateKey implements FileRule {

    @Override
    public void check(FileModel file, RuleContext context) {
        if (file.yaml().isEmpty()) {
            return;
        }
        for (YamlProblem p : file.yaml().get().problems()) {
            if (p.kind() == YamlProblem.Kind.DUPLICATE_KEY) {
                context.at(new Location(file.path(), p.span())).key(p.message() + "@" + p.span().line())
                        .message(p.message() + ": kubectl and Flux silently keep only one of the values").report();
            }
        }
    }
}
