package io.fluxward.secrets;

import java.util.List;

/**
 * How secrets appear in fluxward's output: never. Messages name the key and show this fixed mask,
 * whose length says nothing about the value.
 */
public final class Mask {

    /** The one mask used everywhere. */
    public static final String MASK = "********";

    private Mask() {
    }

    /**
     * {@code stringData.password: ********}: a key and the mask, for messages. A key that is itself a credential
     * (a token used as a data key) is masked too: {@code stringData.********: ********}.
     */
    public static String entry(String key) {
        return redact(key) + ": " + MASK;
    }

    /**
     * The text with every credential and private key found by {@link SecretScanner} replaced by the
     * mask, for callers that must show a line of a file (snippets, logs).
     */
    public static String redact(String text) {
        List<SecretScanner.SecretMatch> matches = SecretScanner.scan(text);
        if (matches.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (SecretScanner.SecretMatch m : matches) {
            if (m.start() < at) {
                continue;
            }
            out.append(text, at, m.start()).append(MASK);
            at = m.end();
        }
        return out.append(text.substring(at)).toString();
    }
}
