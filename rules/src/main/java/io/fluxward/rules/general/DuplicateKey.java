package io.fluxward.rules.general;

import io.fluxward.engine.FileRule;
import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.engine.RuleInfo;
import io.fluxward.model.FileModel;
import io.fluxward.model.Location;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import io.fluxward.yaml.YamlProblem;
import java.util.Optional;

/** FW-G002: a mapping that repeats a key. */
@RuleInfo(
        id = "FW-G002",
        name = "duplicate-key",
        level = Level.ERROR,
        summary = "A YAML mapping repeats a key.",
        description = """
                YAML 1.2 forbids duplicate keys. kustomize refuses such a file (`mapping key "x" already \
                defined`), so the Flux Kustomization that builds it fails as a whole; parsers that accept it keep \
                only one of the values, so one of the two settings is lost without an error. The finding points \
                at the repeated key.""",
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
                // sops reads .sops.yaml (kustomize never does): its YAML reader refuses a repeated key too.
                String message = file.file().name().equals(".sops.yaml")
                        ? p.message() + ": sops refuses to load the file ('error loading config'), so it cannot encrypt"
                        + " or rotate any file it covers"
                        // Said of such files in general: whether a build reads this one is not the question of a
                        // file rule (a workflow file is no manifest, and YAML 1.2 forbids the key alike).
                        : p.message() + ": YAML 1.2 forbids it, kustomize (and so Flux) refuses such a file, and "
                        + "parsers that accept it keep only one of the values";
                // Reported at the repeated key node when it can be found, so the fingerprint names its structural
                // position (and survives lines added above it) rather than its line number.
                Optional<YNode> key = keyAt(file, p.span());
                if (key.isPresent()) {
                    context.at(file.path(), key.get()).message(message).report();
                } else {
                    context.at(new Location(file.path(), p.span())).key(p.message()).message(message).report();
                }
            }
        }
    }

    private static Optional<YNode> keyAt(FileModel file, Span span) {
        YNode[] found = new YNode[1];
        for (YDocument doc : file.documents()) {
            YWalker.walk(doc.root(), (path, node) -> {
                for (YEntry e : node.entries()) {
                    if (e.key().span().line() == span.line() && e.key().span().column() == span.column()) {
                        found[0] = e.key();
                    }
                }
                return found[0] == null;
            });
            if (found[0] != null) {
                break;
            }
        }
        return Optional.ofNullable(found[0]);
    }
}
