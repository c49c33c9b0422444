package io.fluxward.eso;

/** {@code spec.target.creationPolicy} of an ExternalSecret (default {@link #OWNER}). */
public enum CreationPolicy {
    /** Creates the Secret and owns it: one writer per Secret. */
    OWNER,
    /** Creates the Secret but does not own it. */
    ORPHAN,
    /** Never creates; merges into an existing Secret. */
    MERGE,
    /** Creates nothing. */
    NONE,
    /** Creates when missing, else merges (ESO 2.8+). */
    CREATE_OR_MERGE,
    /** A value ESO does not know (the schema rule reports it). */
    UNKNOWN;

    public static CreationPolicy of(String text) {
        return switch (text) {
            case "", "Owner" -> OWNER;
            case "Orphan" -> ORPHAN;
            case "Merge" -> MERGE;
            case "None" -> NONE;
            case "CreateOrMerge" -> CREATE_OR_MERGE;
            default -> UNKNOWN;
        };
    }
}
