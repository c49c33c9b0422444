package io.fluxward.flux;

import io.fluxward.config.Config;
import io.fluxward.model.UnparseableFiles;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How one {@code dependsOn} item resolves. Flux resolves {@code dependsOn} among objects of the
 * referrer's own kind, on the referrer's cluster, with the namespace defaulting to the referrer's. Shared by the
 * rules on {@code dependsOn} and the graph, which draws a missing target as it draws a missing source.
 */
public final class DependsOnCheck {

    /** The outcome for one item. */
    public enum Outcome { FOUND, EXTERNAL, UNKNOWN, MISSING, WRONG_KIND }

    /**
     * @param others for {@code WRONG_KIND}, the objects of the other kind with that name; for {@code MISSING},
     *               objects of the right kind on other clusters
     */
    public record Verdict(Outcome outcome, List<Applier> others) {
    }

    private DependsOnCheck() {
    }

    /** True when {@code o}'s name or namespace holds a variable left unsubstituted that could make it {@code ref}. */
    private static boolean mayBeNamed(Applier o, ObjectRef ref) {
        return (o.name().contains("${") || o.namespace().contains("${")) && pattern(o.name()).matcher(ref.name()).matches()
                && pattern(o.namespace()).matcher(ref.namespace()).matches();
    }

    /** {@code text} with each variable use as a wildcard, as Flux's substitution would fill it. */
    private static Pattern pattern(String text) {
        StringBuilder regex = new StringBuilder();
        int last = 0;
        for (Substitution.Use use : Substitution.uses(text)) {
            regex.append(Pattern.quote(text.substring(last, use.start()))).append(".*");
            last = use.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(text.substring(last))).toString());
    }

    public static Verdict classify(Config config, FluxModel flux, Applier a, ObjectRef ref) {
        if (!ref.concrete() || ref.name().isEmpty() || flux.truncated()) {
            return new Verdict(Outcome.UNKNOWN, List.of());
        }
        if (!flux.resolve(a, ref, a.kind()).isEmpty()) {
            return new Verdict(Outcome.FOUND, List.of());
        }
        if (!flux.resolveUncertain(a, ref, a.kind()).isEmpty()) {
            // An object of that name whose namespace is not known (applied from outside without one): it may be the one.
            return new Verdict(Outcome.UNKNOWN, List.of());
        }
        if (flux.appliers().stream().anyMatch(o -> o.kind() == a.kind() && o.target().id().equals(a.target().id())
                && mayBeNamed(o, ref))) {
            // A name a variable of unknown value makes (apps-${CLUSTER} from a Secret): it may be this one.
            return new Verdict(Outcome.UNKNOWN, List.of());
        }
        String section = a.kind() == Applier.Kind.KUSTOMIZATION ? "kustomizations" : "helmReleases";
        if (config.external(section, ref.kind(), ref.namespace(), ref.name())) {
            return new Verdict(Outcome.EXTERNAL, List.of());
        }
        Applier.Kind other = a.kind() == Applier.Kind.KUSTOMIZATION ? Applier.Kind.HELM_RELEASE : Applier.Kind.KUSTOMIZATION;
        // Only an object surely named (its namespace known) makes the kind the mistake; else the target is just missing.
        List<Applier> otherKind = flux.resolve(a, ref, other);
        if (!otherKind.isEmpty()) {
            return new Verdict(Outcome.WRONG_KIND, otherKind);
        }
        if (flux.repository().facet(UnparseableFiles.FACET).mayHold(a.kind().kindName(), ref.name()).isPresent()) {
            // It may be in a file that does not parse (FW-G001, the cause, already fails the scan).
            return new Verdict(Outcome.UNKNOWN, List.of());
        }
        return new Verdict(Outcome.MISSING, flux.resolveElsewhere(a, ref, a.kind()));
    }
}
