package io.fluxward.yaml;

/** One key/value pair of a mapping. Keys are nodes too, so findings can point at them. */
public record YEntry(YNode key, YNode value) {

    /** The key's text, or empty string for a non-scalar or null key. */
    public String keyText() {
        return key.textOr("");
    }
}
