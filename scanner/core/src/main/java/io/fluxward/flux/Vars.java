package io.fluxward.flux;

import io.fluxward.yaml.YNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The post-build variables a Flux Kustomization substitutes into what it applies: its inline
 * {@code substitute} and the keys of its {@code substituteFrom} ConfigMaps and Secrets found in the
 * repository. Secret values are never kept: only their keys are known.
 *
 * @param active             false when nothing is substituted: no {@code postBuild}, or it defines no variable at all
 * @param values             variable name to value (empty when the value is not known, e.g. from a Secret)
 * @param unresolvedRequired non-optional {@code substituteFrom} objects not found on the Kustomization's cluster, each
 *                           with why ({@code ConfigMap flux-system/vars is not in the repository})
 * @param unresolvedOptional the same for optional {@code substituteFrom} objects
 */
public record Vars(boolean active, Map<String, Optional<String>> values, Set<String> unresolvedRequired,
                   Set<String> unresolvedOptional) {

    /** No substitution at all. */
    public static final Vars NONE = new Vars(false, Map.of(), Set.of(), Set.of());

    private static final String DISABLE_KEY = "kustomize.toolkit.fluxcd.io/substitute";

    public Vars {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        unresolvedRequired = Set.copyOf(unresolvedRequired);
        unresolvedOptional = Set.copyOf(unresolvedOptional);
    }

    /** True when every {@code substituteFrom} object was found, so the variable set is known exactly. */
    public boolean complete() {
        return unresolvedRequired.isEmpty() && unresolvedOptional.isEmpty();
    }

    public boolean defines(String name) {
        return values.containsKey(name);
    }

    /**
     * The text after substitution, or empty when it depends on a value fluxward does not know. A variable this set
     * does not define takes its default only when the set is {@link #complete()}: else a {@code substituteFrom}
     * object outside the repository may define it.
     */
    public Optional<String> expand(String text) {
        if (!active) {
            return text.contains("${") ? Optional.empty() : Optional.of(text);
        }
        if (!complete() && Substitution.uses(text).stream().anyMatch(u -> !values.containsKey(u.name()))) {
            return Optional.empty();
        }
        return Substitution.expand(text, values::containsKey, name -> values.getOrDefault(name, Optional.empty()));
    }

    /**
     * The variables substituted into {@code object}, one object a Kustomization applies: none when it opts out with
     * the label or annotation {@code kustomize.toolkit.fluxcd.io/substitute: disabled}.
     */
    public Vars appliedTo(YNode object) {
        return active && substitutionDisabled(object) ? NONE : this;
    }

    /**
     * True for an object labelled or annotated {@code kustomize.toolkit.fluxcd.io/substitute: disabled}, which Flux
     * applies without substitution (kustomize-controller compares the value exactly).
     */
    public static boolean substitutionDisabled(YNode object) {
        for (String field : new String[] {"labels", "annotations"}) {
            if ("disabled".equals(object.at("metadata", field, DISABLE_KEY).textOr(""))) {
                return true;
            }
        }
        return false;
    }
}
