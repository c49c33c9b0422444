package io.fluxward.kustomize;

import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import java.util.ArrayList;
import java.util.List;

/**
 * kustomize's {@code replacements}: copy a field of one resource (by default its
 * {@code metadata.name}) into fields of the resources a target selects, e.g. every Flux
 * Kustomization's {@code spec.targetNamespace} from the Namespace's name. The source must match
 * exactly one resource; a target field that is missing is an error unless {@code create} is set. The source's
 * {@code [key=value]} path segments compare exactly, the targets' are regular expressions ({@link FieldPath}).
 */
final class Replacements {

    /** The result: the new resources, or the reason kustomize would fail. */
    record Result(List<Res> resources, String error) {
    }

    private Replacements() {
    }

    static Result apply(List<Res> resources, YNode replacement) {
        YNode source = replacement.get("source");
        Res from = null;
        for (Res r : resources) {
            if (selectsSource(source, r)) {
                if (from != null) {
                    return new Result(resources, "replacement source " + describe(source) + " matches more than one resource");
                }
                from = r;
            }
        }
        if (from == null) {
            return new Result(resources, "replacement source " + describe(source) + " matches no resource");
        }
        String sourcePath = source.get("fieldPath").textOr("metadata.name");
        List<YNode> values = FieldPath.find(from.content(), FieldPath.split(sourcePath));
        if (values.isEmpty()) {
            return new Result(resources, "replacement source " + describe(source) + " has no field " + sourcePath);
        }
        YNode value = values.get(0);
        String sourceFile = from.provenance().fileOf(value).orElse(from.origin().path());
        YNode options = source.get("options");
        if (options.get("delimiter").hasText() && value.isScalar()) {
            String[] parts = value.textOr("").split(java.util.regex.Pattern.quote(options.get("delimiter").textOr("")), -1);
            int index = parseIndex(options.get("index"));
            if (index < 0 || index >= parts.length) {
                return new Result(resources, "replacement source index " + index + " is out of range");
            }
            value = Nodes.string(parts[index], value.span());
        }
        List<Res> out = new ArrayList<>(resources);
        for (YNode target : replacement.get("targets").items()) {
            Selector select;
            List<Selector> rejects = new ArrayList<>();
            try {
                select = Selector.of(target.get("select"));
                for (YNode reject : target.get("reject").items()) {
                    rejects.add(Selector.of(reject));
                }
            } catch (IllegalArgumentException e) {
                return new Result(resources, e.getMessage());
            }
            List<String> fieldPaths = Nodes.strings(target.get("fieldPaths"));
            if (fieldPaths.isEmpty()) {
                fieldPaths = List.of("metadata.name");
            }
            YNode targetOptions = target.get("options");
            boolean create = "true".equals(targetOptions.get("create").textOr(""));
            for (int i = 0; i < out.size(); i++) {
                Res r = out.get(i);
                if (!select.matchesAnyId(r) || rejects.stream().anyMatch(x -> x.matchesAnyId(r))) {
                    continue;
                }
                YNode content = r.content();
                for (String fieldPath : fieldPaths) {
                    List<String> path = FieldPath.split(fieldPath);
                    YNode v = value;
                    try {
                        // Target paths select list elements by regular expression (kyaml's PathMatcher).
                        if (!create && FieldPath.match(content, path).isEmpty()) {
                            return new Result(resources, "replacement target " + r.id() + " has no field " + fieldPath);
                        }
                        content = FieldPath.update(content, path, create, value.span(), old -> replace(old, v, targetOptions));
                    } catch (IllegalArgumentException e) {
                        return new Result(resources, "replacement target " + r.id() + ": " + e.getMessage());
                    }
                }
                if (content != r.content() && content instanceof io.fluxward.yaml.YMap m) {
                    Res changed = r.withContent(m);
                    out.set(i, changed.withProvenance(changed.provenance().withNodes(value, sourceFile)));
                }
            }
        }
        return new Result(out, null);
    }

    private static YNode replace(YNode old, YNode value, YNode options) {
        String delimiter = options.get("delimiter").textOr("");
        if (delimiter.isEmpty() || !(old instanceof YScalar s)) {
            return value;
        }
        String[] parts = s.value().split(java.util.regex.Pattern.quote(delimiter), -1);
        int index = parseIndex(options.get("index"));
        List<String> list = new ArrayList<>(List.of(parts));
        String text = value.textOr("");
        if (index < 0) {
            list.add(0, text);
        } else if (index >= list.size()) {
            list.add(text);
        } else {
            list.set(index, text);
        }
        return Nodes.string(String.join(delimiter, list), old.span());
    }

    private static int parseIndex(YNode node) {
        try {
            return Integer.parseInt(node.textOr("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean selectsSource(YNode source, Res r) {
        if (matchesExactly(source, r.id())) {
            return true;
        }
        for (ResId p : r.previousIds()) {
            if (matchesExactly(source, p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesExactly(YNode source, ResId id) {
        return field(source, "group", id.group()) && field(source, "version", id.version())
                && field(source, "kind", id.kind()) && field(source, "name", id.name())
                && field(source, "namespace", id.namespace());
    }

    private static boolean field(YNode source, String key, String actual) {
        String want = source.get(key).textOr("");
        return want.isEmpty() || want.equals(actual);
    }

    private static String describe(YNode source) {
        List<String> parts = new ArrayList<>();
        for (String key : new String[] {"group", "version", "kind", "name", "namespace"}) {
            source.get(key).text().filter(t -> !t.isEmpty()).ifPresent(t -> parts.add(key + "=" + t));
        }
        return "(" + String.join(", ", parts) + ")";
    }
}
