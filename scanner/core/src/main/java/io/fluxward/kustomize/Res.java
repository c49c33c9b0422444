package io.fluxward.kustomize;

import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A resource while a build transforms it (kustomize's {@code resource.Resource}): its current
 * content, the identities it had before name and namespace transformers changed it, where its
 * parts came from, and, for generated ConfigMaps and Secrets, whether a hash suffix is due.
 * Immutable; every transformer step makes a new one.
 */
final class Res {

    private final KubeObject origin;
    private final YMap content;
    private final ResId id;
    private final List<ResId> previous;
    private final Provenance provenance;
    private final boolean needsHash;
    private final Map<String, String> secretData;
    private final Set<String> vars;

    Res(KubeObject origin, YMap content, List<ResId> previous, Provenance provenance, boolean needsHash,
            Map<String, String> secretData) {
        this(origin, content, previous, provenance, needsHash, secretData, Set.of());
    }

    private Res(KubeObject origin, YMap content, List<ResId> previous, Provenance provenance, boolean needsHash,
                Map<String, String> secretData, Set<String> vars) {
        this.origin = origin;
        this.content = content;
        this.id = ResId.of(content);
        this.previous = List.copyOf(previous);
        this.provenance = provenance;
        this.needsHash = needsHash;
        this.secretData = secretData;
        this.vars = vars;
    }

    static Res of(KubeObject object) {
        return new Res(object, object.node(), List.of(), Provenance.NONE, false, null);
    }

    KubeObject origin() {
        return origin;
    }

    YMap content() {
        return content;
    }

    ResId id() {
        return id;
    }

    /** The identity before any transformer renamed or moved it (kustomize's {@code OrgId}). */
    ResId originalId() {
        return previous.isEmpty() ? id : previous.get(0);
    }

    List<ResId> previousIds() {
        return previous;
    }

    /** True when the current id, or any id the resource had before, is {@code other}. */
    boolean hadId(ResId other) {
        if (id.sameAs(other)) {
            return true;
        }
        for (ResId p : previous) {
            if (p.sameAs(other)) {
                return true;
            }
        }
        return false;
    }

    Provenance provenance() {
        return provenance;
    }

    boolean needsHash() {
        return needsHash;
    }

    /** The real (base64) data of a generated Secret, for its name hash only; null otherwise. */
    Map<String, String> secretData() {
        return secretData;
    }

    /** The kustomize vars bound to this resource (their values are its fields, read at the end of the build). */
    Set<String> vars() {
        return vars;
    }

    /** A copy with one more var bound to it. */
    Res withVar(String name) {
        Set<String> more = new java.util.LinkedHashSet<>(vars);
        more.add(name);
        return new Res(origin, content, previous, provenance, needsHash, secretData, Set.copyOf(more));
    }

    /** A copy with new content; the old identity is remembered when it changes. */
    Res withContent(YMap newContent) {
        ResId next = ResId.of(newContent);
        List<ResId> prev = previous;
        if (!next.equals(id)) {
            prev = new ArrayList<>(previous);
            prev.add(id);
        }
        return new Res(origin, newContent, prev, provenance, needsHash, secretData, vars);
    }

    /**
     * A copy that remembers its current identity as a previous one, as kustomize's transformers that may move or
     * rename a resource do even when they leave it unchanged (name references then consider it).
     */
    Res withStoredId() {
        if (!previous.isEmpty()) {
            return this;
        }
        return new Res(origin, content, List.of(id), provenance, needsHash, secretData, vars);
    }

    /** A copy with new content that came (partly) from {@code patchFile} via the entry at {@code patch}. */
    Res patched(YMap newContent, YNode patchRoot, String patchFile, Location patch) {
        Res next = withContent(newContent);
        Provenance p = provenance.withNodes(patchRoot, patchFile).withPatch(patch);
        return new Res(origin, next.content, next.previous, p, needsHash, secretData, vars);
    }

    Res withProvenance(Provenance p) {
        return new Res(origin, content, previous, p, needsHash, secretData, vars);
    }

    Res withNeedsHash(boolean hash) {
        return new Res(origin, content, previous, provenance, hash, secretData, vars);
    }

    Res withSecretData(Map<String, String> data) {
        return new Res(origin, content, previous, provenance, needsHash, data, vars);
    }

    Resource toResource() {
        return new Resource(origin, content, id.group(), id.version(), id.kind(), id.namespace(), id.name(), provenance);
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
