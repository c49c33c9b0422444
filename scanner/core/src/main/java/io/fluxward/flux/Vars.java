package io.fluxward.flux;

import io.fluxward.yaml.YNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 * @param origins            variable name to where its value comes from, for messages: {@code postBuild.substitute},
 *                           {@code ConfigMap flux-system/vars}, {@code Secret flux-system/creds}
 */
public record Vars(boolean active, Map<String, Optional<String>> values, Set<String> unresolvedRequired,
                   Set<String> unresolvedOptional, Map<String, String> origins) {

    /** No substitution at all. */
    public static final Vars NONE = new Vars(false, Map.of(), Set.of(), Set.of(), Map.of());

    /** Where a value comes from when it is the inline {@code postBuild.substitute}. */
    public static final String INLINE = "postBuild.substitute";

    private static final String DISABLE_KEY = "kustomize.toolkit.fluxcd.io/substitute";

    public Vars {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        unresolvedRequired = Set.copyOf(unresolvedRequired);
        unresolvedOptional = Set.copyOf(unresolvedOptional);
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
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
     * A text as Flux applies it after substitution ({@link #expand}), with what to say about it in a message; empty
     * when a value is not known.
     */
    public Optional<Substituted> substitute(String text) {
        return expand(text).map(value -> new Substituted(text, value, value.equals(text) ? List.of() : originsIn(text)));
    }

    /** {@link #substitute}, or the text as written when a value is not known. */
    public Substituted substituteOrWritten(String text) {
        return substitute(text).orElse(Substituted.asWritten(text));
    }

    /** Where the values of the variables {@code text} uses come from, in order of use ({@code the default} for one). */
    private List<String> originsIn(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (Substitution.Use use : Substitution.uses(text)) {
            out.add(values.containsKey(use.name()) ? origins.getOrDefault(use.name(), INLINE) : "the default");
        }
        return List.copyOf(out);
    }

    /**
     * A text as Flux applies it.
     *
     * @param written the text as written ({@code ${HELM_URL}})
     * @param value   after substitution
     * @param origins where the values of its variables come from (empty when substitution changed nothing)
     */
    public record Substituted(String written, String value, List<String> origins) {

        public Substituted {
            origins = List.copyOf(origins);
        }

        /** The text as written, taken as it is (no substitution, or a value not known). */
        public static Substituted asWritten(String text) {
            return new Substituted(text, text, List.of());
        }

        /** True when substitution changed the text. */
        public boolean substituted() {
            return !value.equals(written);
        }

        /**
         * The text for a message: as written, followed by the value it gives and where that comes from
         * ({@code ${HELM_URL} (http://charts.lan from postBuild.substitute)}). A value that comes from a Secret is
         * never shown: {@code ${TOKEN} (the value from Secret flux-system/creds)}.
         */
        public String shown() {
            if (!substituted()) {
                return written;
            }
            List<String> secrets = origins.stream().filter(o -> o.startsWith("Secret ")).toList();
            if (!secrets.isEmpty()) {
                return written + " (the value from " + String.join(", ", secrets) + ")";
            }
            return written + " (" + value + (origins.isEmpty() ? " after substitution" : " from " + String.join(", ", origins))
                    + ")";
        }
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
