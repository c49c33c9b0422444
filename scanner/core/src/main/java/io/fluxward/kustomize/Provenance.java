package io.fluxward.kustomize;

import io.fluxward.model.Location;
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
    public static final Provenance NONE = new Provenance(Map.of(), List.of(), null);

    private final Map<YNode, String> files;
    private final List<Location> patches;
    private final Location generator;

    private Provenance(Map<YNode, String> files, List<Location> patches, Location generator) {
        this.files = files;
        this.patches = patches;
        this.generator = generator;
    }

    /** The provenance of an object made by the generator entry at {@code at}. */
    static Provenance generated(Location at) {
        return new Provenance(Map.of(), List.of(), at);
    }

    /** The generator entry that made the object, if a generator did. */
    public Optional<Location> generator() {
        return Optional.ofNullable(generator);
    }

    /** The file a node of the rendered object was read from, when it is not the object's own file. */
    public Optional<String> fileOf(YNode node) {
        return Optional.ofNullable(files.get(node));
    }

    /** The patch entries that changed the object, in the order they were applied. */
    public List<Location> patches() {
        return patches;
    }

    /** True when no patch changed the object. */
    public boolean unpatched() {
        return patches.isEmpty();
    }

    /** This provenance plus every node under {@code root}, read from {@code path}. */
    Provenance withNodes(YNode root, String path) {
        Map<YNode, String> copy = new IdentityHashMap<>(files);
        YWalker.walk(root, (p, node) -> {
            copy.putIfAbsent(node, path);
            return true;
        });
        return new Provenance(Collections.unmodifiableMap(copy), patches, generator);
    }

    /** This provenance plus one applied patch entry. */
    Provenance withPatch(Location patch) {
        List<Location> copy = new ArrayList<>(patches);
        copy.add(patch);
        return new Provenance(files, List.copyOf(copy), generator);
    }
}
