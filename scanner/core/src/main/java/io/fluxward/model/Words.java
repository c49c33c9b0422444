package io.fluxward.model;

/** Small wording helpers for messages built from names. */
public final class Words {

    /** Initials said with a vowel sound first: "an SSH key", "an HTTPRoute", "an RBAC role". */
    private static final String VOWEL_SOUND_INITIALS = "AEFHILMNORSX";

    private Words() {
    }

    /**
     * {@code noun} with its indefinite article: "an OCIRepository", "an iv", "a HelmRepository", "a URL". By the
     * first sound, as far as spelling tells it: an initialism (two capitals first) by the name of its first letter.
     */
    public static String a(String noun) {
        return (vowelSound(noun) ? "an " : "a ") + noun;
    }

    private static boolean vowelSound(String noun) {
        if (noun.isEmpty()) {
            return false;
        }
        char first = noun.charAt(0);
        if (noun.length() > 1 && Character.isUpperCase(first) && Character.isUpperCase(noun.charAt(1))) {
            return VOWEL_SOUND_INITIALS.indexOf(first) >= 0;
        }
        char c = Character.toLowerCase(first);
        if (c == 'u') {
            // "a user", "a URI", "a unique name"; "an unknown", "an unencrypted".
            String lower = noun.toLowerCase(java.util.Locale.ROOT);
            return !(lower.startsWith("us") || lower.startsWith("uni") || lower.startsWith("uri") || lower.startsWith("url")
                    || lower.startsWith("uti"));
        }
        return "aeio".indexOf(c) >= 0;
    }
}
