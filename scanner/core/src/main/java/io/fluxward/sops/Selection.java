package io.fluxward.sops;

import io.fluxward.yaml.Span;
import java.util.Optional;

/**
 * Which values sops encrypts: one of the selection settings of a file or creation rule. Without
 * any, sops uses {@code unencrypted_suffix: _unencrypted}.
 */
public record Selection(Kind kind, String value, Span span) {

    /** sops' default when a file names no selection setting. */
    public static final Selection DEFAULT = new Selection(Kind.UNENCRYPTED_SUFFIX, "_unencrypted", Span.START);

    /** The selection settings, with their names in files and in {@code .sops.yaml}. */
    public enum Kind {
        UNENCRYPTED_SUFFIX("unencrypted_suffix"),
        ENCRYPTED_SUFFIX("encrypted_suffix"),
        UNENCRYPTED_REGEX("unencrypted_regex"),
        ENCRYPTED_REGEX("encrypted_regex"),
        UNENCRYPTED_COMMENT_REGEX("unencrypted_comment_regex"),
        ENCRYPTED_COMMENT_REGEX("encrypted_comment_regex");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Optional<Kind> byKey(String key) {
            for (Kind k : values()) {
                if (k.key.equals(key)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }

        /** Comment selections depend on YAML comments next to each value. */
        public boolean usesComments() {
            return this == UNENCRYPTED_COMMENT_REGEX || this == ENCRYPTED_COMMENT_REGEX;
        }
    }

    /** {@code encrypted_regex '^(data|stringData)$'}, for messages. */
    public String display() {
        // A file that names no setting: sops' default, not a setting the user could look for in the file.
        return this == DEFAULT ? "default selection (no encrypted_*/unencrypted_* setting: every value but keys ending in '"
                + value + "')" : kind.key() + " '" + value + "'";
    }
}
