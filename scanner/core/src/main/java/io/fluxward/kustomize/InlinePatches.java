package io.fluxward.kustomize;

import io.fluxward.model.FileModel;
import io.fluxward.model.InlineYaml;
import io.fluxward.model.KubeObject;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YamlLimits;
import io.fluxward.yaml.YamlParse;
import java.util.ArrayList;
import java.util.List;

/**
 * The patches a file writes itself, as committed text (not what a build makes of them): inline {@code patch: |}
 * strings and legacy {@code patchesStrategicMerge} / {@code patchesJson6902} entries of a kustomization file, a Flux
 * Kustomization, a HelmRelease's kustomize post-renderer and a FluxInstance, and the patches of builtin patch
 * transformer configurations (a file a {@code transformers} entry names, or the entry itself); also the patches an
 * inline patch writes into the Flux Kustomizations it changes (a parent's defaults for its children's HelmReleases).
 * A patch file ({@code path:}) is a file of its own, judged as such. Rules that judge what a patch sets (secrets in
 * it, the schema of its body) share this one reading, so they agree on which strings are patches.
 */
public final class InlinePatches {

    /** How deep patches that write patches into Flux Kustomizations are followed. */
    private static final int MAX_NESTING = 3;
    private static final String FLUX_KUSTOMIZE = "kustomize.toolkit.fluxcd.io/";

    /** What holds a patch, which decides what it is applied to. */
    public enum Holder {
        /** a kustomization file's {@code patches} / {@code patchesStrategicMerge} / {@code patchesJson6902} */
        KUSTOMIZATION_FILE,
        /** a Flux Kustomization's {@code spec.patches} (or legacy fields), also one a parent's patch writes */
        FLUX_KUSTOMIZATION,
        /** a HelmRelease's {@code spec.postRenderers[].kustomize}: applied to what Helm renders */
        HELM_POST_RENDERER,
        /** a FluxInstance's {@code spec.kustomize}: applied to what the Flux Operator generates */
        FLUX_INSTANCE,
        /** a builtin patch transformer configuration ({@code apiVersion: builtin}) */
        TRANSFORMER
    }

    private InlinePatches() {
    }

    /**
     * One patch document.
     *
     * @param document index of the file's document that holds it
     * @param holder   the string the patch is written in, or (written as YAML of the file) the patch itself
     * @param inline   true when {@code content} was parsed from {@code holder}'s text, so is no node of the file
     * @param index    the document's index within {@code holder}'s text (0 for a patch written as YAML)
     * @param content  a strategic merge patch (a mapping) or a JSON 6902 patch (a list of operations)
     * @param target   the entry's {@code target} selector, or missing
     * @param heldBy   what the entry is written in
     */
    public record Patch(int document, YNode holder, boolean inline, int index, YNode content, YNode target,
                        Holder heldBy) {

        public boolean json() {
            return content.isSeq();
        }

        /**
         * The kind a strategic merge patch changes: its target's kind where it has one (kustomize applies the patch to
         * what the target selects, whatever kind the patch names, as long as it names one), else its own.
         */
        public String patchedKind() {
            String own = content.get("kind").textOr("");
            return target.get("kind").hasText() && !own.isEmpty() ? target.get("kind").textOr("") : own;
        }

        /**
         * The {@code add} and {@code replace} operations of a JSON 6902 patch, in order: the ones that write a value
         * (with a path that is a JSON pointer). Empty for a strategic merge patch.
         */
        public List<Write> writes() {
            List<Write> out = new ArrayList<>();
            for (YNode op : content.items()) {
                String name = op.get("op").textOr("");
                String path = op.get("path").textOr("");
                if (op instanceof YMap map && (name.equals("add") || name.equals("replace")) && path.startsWith("/")) {
                    List<String> tokens = new ArrayList<>();
                    for (String t : path.substring(1).split("/", -1)) {
                        tokens.add(t.replace("~1", "/").replace("~0", "~"));
                    }
                    out.add(new Write(map, List.copyOf(tokens), op.get("value")));
                }
            }
            return out;
        }

        /** How messages name what the patch changes, e.g. "the inline patch to Secret/apps/db". */
        public String describe(String kind) {
            YNode named = target.isMap() || json() ? target : content.get("metadata");
            String name = named.get("name").textOr("");
            String namespace = named.get("namespace").textOr("");
            return (inline ? "the inline patch to " : "the patch to ") + (name.isEmpty() ? "the " + kind + "s its target selects"
                    : kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name);
        }
    }

    /**
     * One operation of a JSON 6902 patch that writes a value.
     *
     * @param op    the operation
     * @param path  its path's tokens, unescaped ({@code ~1} is {@code /}); never empty
     * @param value what it writes
     */
    public record Write(YMap op, List<String> path, YNode value) {
    }

    /** The patches {@code file} writes, in file order (a nested patch right after the one that writes it). */
    public static List<Patch> of(FileModel file, YamlLimits limits) {
        List<Patch> out = new ArrayList<>();
        if (!file.isYaml()) {
            return out;
        }
        if (Kustomize.FILE_NAMES.contains(file.file().name()) && !file.documents().isEmpty()) {
            YNode root = file.documents().get(0).root();
            entries(file, limits, 0, root, Holder.KUSTOMIZATION_FILE, 0, out);
            for (YNode entry : root.get("patchesStrategicMerge").items()) {
                String text = entry.textOr("");
                if (text.contains("\n") || text.contains(": ")) { // else the name of a patch file
                    parsed(file, limits, 0, entry, YMissing.INSTANCE, Holder.KUSTOMIZATION_FILE, 0, out);
                }
            }
            // Plugin configurations written inline (kustomize reads an entry as YAML first); one in a file is read there.
            for (YNode entry : root.get("transformers").items()) {
                if (entry.textOr("").contains("\n")) {
                    YamlParse parse = InlineYaml.parse(entry, file.file(), limits);
                    if (parse.fatal().isEmpty()) {
                        parse.documents().forEach(d -> builtin(file, limits, 0, d.root(), out));
                    }
                }
            }
            return out;
        }
        for (YDocument d : file.documents()) {
            builtin(file, limits, d.index(), d.root(), out);
        }
        for (KubeObject o : file.objects()) {
            if (o.is("kustomize.toolkit.fluxcd.io", "Kustomization")) {
                entries(file, limits, o.document(), o.get("spec"), Holder.FLUX_KUSTOMIZATION, 0, out);
            } else if (o.is("helm.toolkit.fluxcd.io", "HelmRelease")) {
                for (YNode renderer : o.get("spec", "postRenderers").items()) {
                    entries(file, limits, o.document(), renderer.get("kustomize"), Holder.HELM_POST_RENDERER, 0, out);
                }
            } else if (o.is("fluxcd.controlplane.io", "FluxInstance")) {
                entries(file, limits, o.document(), o.get("spec", "kustomize"), Holder.FLUX_INSTANCE, 0, out);
            }
        }
        return out;
    }

    /** {@code patches} and legacy {@code patchesJson6902} / {@code patchesStrategicMerge} of {@code holder}. */
    private static void entries(FileModel file, YamlLimits limits, int document, YNode holder, Holder heldBy, int depth,
                                List<Patch> out) {
        for (String field : List.of("patches", "patchesJson6902")) {
            for (YNode entry : holder.get(field).items()) {
                YNode patch = entry.get("patch");
                if (patch instanceof YScalar) {
                    parsed(file, limits, document, patch, entry.get("target"), heldBy, depth, out);
                } else if (patch.isSeq()) { // Flux's legacy patchesJson6902: the operations as YAML
                    out.add(new Patch(document, patch, false, 0, patch, entry.get("target"), heldBy));
                }
            }
        }
        // Flux's legacy patchesStrategicMerge: the patches as YAML (a kustomization file's are strings, read above).
        for (YNode entry : holder.get("patchesStrategicMerge").items()) {
            if (entry.isMap()) {
                out.add(new Patch(document, entry, false, 0, entry, YMissing.INSTANCE, heldBy));
            }
        }
    }

    /**
     * The patch of a builtin patch transformer configuration ({@code apiVersion: builtin}), which a {@code transformers}
     * entry applies as a kustomization's {@code patches} entry does: a PatchTransformer's {@code patch}, a
     * PatchJson6902Transformer's {@code jsonOp} (kustomize reads no {@code patch} there: "empty file path and empty
     * jsonOp"), a PatchStrategicMergeTransformer's {@code patches} (documents separated by {@code ---}).
     */
    private static void builtin(FileModel file, YamlLimits limits, int document, YNode config, List<Patch> out) {
        if (!config.isMap() || !"builtin".equals(config.get("apiVersion").textOr(""))) {
            return;
        }
        YNode patch = switch (config.get("kind").textOr("")) {
            case "PatchTransformer" -> config.get("patch");
            case "PatchJson6902Transformer" -> config.get("jsonOp");
            case "PatchStrategicMergeTransformer" -> config.get("patches");
            default -> YMissing.INSTANCE;
        };
        if (patch instanceof YScalar && patch.hasText()) {
            YNode target = config.get("kind").textOr("").equals("PatchStrategicMergeTransformer") ? YMissing.INSTANCE
                    : config.get("target");
            parsed(file, limits, document, patch, target, Holder.TRANSFORMER, 0, out);
        }
    }

    private static void parsed(FileModel file, YamlLimits limits, int document, YNode text, YNode target, Holder heldBy,
                               int depth, List<Patch> out) {
        YamlParse parse = InlineYaml.parse(text, file.file(), limits);
        if (parse.fatal().isPresent()) {
            return; // kustomize refuses it (FW-K002); nothing is applied
        }
        for (YDocument d : parse.documents()) {
            YNode content = d.root();
            if (content.isMap() || content.isSeq()) {
                out.add(new Patch(document, text, true, d.index(), content, target, heldBy));
            }
            if (depth < MAX_NESTING && writesFluxPatches(content, target)) {
                // A parent's patch that gives its child Kustomizations patches of their own.
                entries(file, limits, document, content.get("spec"), Holder.FLUX_KUSTOMIZATION, depth + 1, out);
            }
        }
    }

    /** True when a strategic merge patch merges into Flux Kustomizations (and does not delete them). */
    private static boolean writesFluxPatches(YNode content, YNode target) {
        String targetKind = target.get("kind").textOr("Kustomization");
        return content.isMap() && content.get("apiVersion").textOr("").startsWith(FLUX_KUSTOMIZE)
                && "Kustomization".equals(content.get("kind").textOr("")) && "Kustomization".equals(targetKind)
                && !"delete".equals(content.get("$patch").textOr(""));
    }
}
