package io.fluxward.rules.eso;

import io.fluxward.eso.EsoModel;
import io.fluxward.eso.StoreRef;
import io.fluxward.eso.StoreUse;
import io.fluxward.yaml.YNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the store reference rules share. */
final class EsoRules {

    private EsoRules() {
    }

    /**
     * The referrer of one finding's uses, for messages: as its rendering names it when all the uses are of one
     * rendering name, else as {@link EsoModel#describe(io.fluxward.model.KubeObject)} does.
     */
    static String referrer(EsoModel eso, List<StoreUse> uses) {
        Set<String> names = new LinkedHashSet<>();
        uses.forEach(u -> names.add(eso.describe(u)));
        return names.size() == 1 ? names.iterator().next() : eso.describe(uses.get(0).ref().owner());
    }

    /**
     * Where a use of a store reference is reported, as a key: renderings that break one written reference alike
     * (same file and node, same rendered name and kind) make one finding.
     */
    static List<Object> place(StoreUse use, YNode at) {
        return List.of(use.fileOf(at), at.span(), use.ref().name(), use.ref().kind());
    }

    /**
     * The reference's field for messages, with what post-build substitution made of it
     * ({@code spec.secretStoreRef; kind ${STORE_KIND} (SecretStore from postBuild.substitute)}).
     */
    static String field(StoreRef ref) {
        return ref.field() + (ref.substituted().isEmpty() ? "" : "; " + ref.substituted());
    }

    /** The namespaces the referrer lands in over one finding's uses, sorted. */
    static Set<String> namespaces(List<StoreUse> uses) {
        Set<String> out = new TreeSet<>();
        uses.forEach(u -> out.addAll(u.namespaces()));
        return out;
    }
}
