package io.fluxward.flux;

import io.fluxward.yaml.YMissing;
import io.fluxward.yaml.YNode;

/**
 * A string field of a Flux object after post-build substitution.
 *
 * @param value    the substituted text (the raw text when {@code concrete} is false; {@code ""} when unset)
 * @param concrete false when the text holds a variable whose value fluxward does not know
 * @param node     where it is written ({@link YMissing} when unset)
 */
public record Field(String value, boolean concrete, YNode node) {

    public static final Field UNSET = new Field("", true, YMissing.INSTANCE);

    /** Reads a scalar and substitutes {@code vars} into it. */
    public static Field of(YNode node, Vars vars) {
        if (!node.isPresent() || node.text().isEmpty()) {
            return node.isPresent() ? new Field("", true, node) : UNSET;
        }
        String raw = node.text().get();
        return vars.expand(raw).map(v -> new Field(v, true, node)).orElse(new Field(raw, false, node));
    }

    public boolean isSet() {
        return node.isPresent() && !value.isEmpty();
    }

    /** True when set and known. */
    public boolean known() {
        return isSet() && concrete;
    }
}
