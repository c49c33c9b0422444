package io.fluxward.sops;

import io.fluxward.yaml.Span;
import java.util.Locale;

/**
 * One master key a file is encrypted for, or a creation rule names: an age recipient, a PGP
 * fingerprint, a KMS ARN... These identify public keys or key locations and are not secret.
 *
 * @param id normalized identity: PGP fingerprints upper-case without spaces, others trimmed
 */
public record Recipient(KeyType type, String id, Span span) {

    public static Recipient of(KeyType type, String raw, Span span) {
        String id = raw.strip();
        if (type == KeyType.PGP) {
            id = id.replace(" ", "").toUpperCase(Locale.ROOT);
        }
        return new Recipient(type, id, span);
    }

    /** {@code age age1...}, as shown in messages. */
    public String display() {
        return type.fileKey() + " " + id;
    }

    /** Identity without position, for set comparisons. */
    public String identity() {
        return type.name() + ":" + id;
    }
}
