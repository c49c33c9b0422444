package io.fluxward.kustomize;

import io.fluxward.model.Location;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YWalker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the parts of a rendered object came from. Nodes a patch (or a generator) put into an object
 * keep their own spans; this records which file those spans belong to, and which patch entries
 * changed the object, so a finding about {@code spec.kubeConfig} injected by a parent's patch can
 * point at the patch. Immutable.
 */
public final class Provenance {

    /** Nothing but the object's own file. */
    public static final Provenance NONE = new Provenance(List.of(), List.of(), null, Map.of());

    /**
     * Where a value of a generated ConfigMap or Secret was read from: a generator's {@code files} or
     * {@code envs} input, the value starting at {@code line}:{@code column} of that file.
     */
    public record Input(String path, int line, int column) {

        /** Where characters {@code start} to {@code end} of the generated {@code value} are in the file. */
        public Location at(String value, int start, int end) {
            int from = Math.max(0, Math.min(start, value.length()));
            int to = Math.max(from, Math.min(end, value.length()));
            int l = line;
            int c = column;
            for (int i = 0; i < from; i = value.offsetByCodePoints(i, 1)) {
                if (io.fluxward.yaml.LineBreaks.at(value, i) == 1) { // the LF of a CR LF, a LF, or a lone CR
                    l++;
                    c = 1;
                } else if (value.charAt(i) != '\r') {
                    c++;
                }
            }
            String part = value.substring(from, to);
            return io.fluxward.yaml.LineBreaks.next(part, 0) >= 0 ? Location.of(path, l, c)
                    : new Location(path, new io.fluxward.yaml.Span(l, c, l, c + part.codePointCount(0, part.length())));
        }
    }

    /**
     * Which file nodes were read from, in layers, oldest first (an older layer's entry wins), each at least twice the
     * size of the next: an object patched thousands of times adds a small layer per patch instead of copying everything
     * it had, and a lookup asks a logarithmic number of layers.
     */
    private final List<Map<YNode, String>> files;
    private final List<Location> patches;
    private final Location generator;
    private final Map<YNode, Input> inputs;

    private Provenance(List<Map<YNode, String>> files, List<Location> patches, Location generator, Map<YNode, Input> inputs) {
        this.files = files;
        this.patches = patches;
        this.generator = generator;
        this.inputs = inputs;
    }

    /** The provenance of an object made by the generator entry at {@code at}, its values read from {@code inputs}. */
    static Provenance generated(Location at, Map<YNode, Input> inputs) {
        return new Provenance(List.of(), List.of(), at, inputs);
    }

    /** The generator input a value of a generated object was read from (not for {@code literals}). */
    public Optional<Input> inputOf(YNode value) {
        return Optional.ofNullable(inputs.get(value));
    }

    /** The files the generators that made (or merged into) the object read, in order. */
    public java.util.Set<String> inputFiles() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        inputs.values().forEach(i -> out.add(i.path()));
        return out;
    }

    /** This provenance plus the generator inputs of {@code other} (a generator merged into this object). */
    Provenance withInputsOf(Provenance other) {
        if (other.inputs.isEmpty()) {
            return this;
        }
        Map<YNode, Input> copy = new IdentityHashMap<>(inputs);
        copy.putAll(other.inputs);
        return new Provenance(files, patches, generator, Collections.unmodifiableMap(copy));
    }

    /** The generator entry that made the object, if a generator did. */
    public Optional<Location> generator() {
        return Optional.ofNullable(generator);
    }

    /** The file a node of the rendered object was read from, when it is not the object's own file. */
    public Optional<String> fileOf(YNode node) {
        for (Map<YNode, String> layer : files) {
            String path = layer.get(node);
            if (path != null) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** The patch entries that changed the object, in the order they were applied. */
    public List<Location> patches() {
        return patches;
    }

    /** True when no patch changed the object. */
    public boolean unpatched() {
        return patches.isEmpty();
    }

    /** This provenance plus every node under {@code root} (mapping keys too), read from {@code path}. */
    Provenance withNodes(YNode root, String path) {
        Map<YNode, String> added = new IdentityHashMap<>();
        YWalker.walk(root, (p, node) -> {
            added.putIfAbsent(node, path);
            // A strategic merge patch adds its own key nodes: a finding about a key (dependsOn:) can point at it.
            if (node instanceof YMap map) {
                map.entries().forEach(e -> added.putIfAbsent(e.key(), path));
            }
            return true;
        });
        List<Map<YNode, String>> layers = new ArrayList<>(files);
        Map<YNode, String> newest = added;
        while (!layers.isEmpty() && layers.get(layers.size() - 1).size() < 2 * newest.size()) {
            Map<YNode, String> merged = new IdentityHashMap<>(layers.remove(layers.size() - 1));
            newest.forEach(merged::putIfAbsent);
            newest = merged;
        }
        layers.add(Collections.unmodifiableMap(newest));
        return new Provenance(List.copyOf(layers), patches, generator, inputs);
    }

    /** This provenance plus one applied patch entry. */
    Provenance withPatch(Location patch) {
        List<Location> copy = new ArrayList<>(patches);
        copy.add(patch);
        return new Provenance(files, List.copyOf(copy), generator, inputs);
    }
}
