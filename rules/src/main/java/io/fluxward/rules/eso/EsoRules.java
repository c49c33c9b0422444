package io.fluxward.rules.eso;

import io.fluxward.eso.EsoModel;
import io.fluxward.eso.StoreUse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
}
