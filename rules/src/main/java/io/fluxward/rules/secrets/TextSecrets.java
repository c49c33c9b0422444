package io.fluxward.rules.secrets;

import io.fluxward.engine.Level;
import io.fluxward.engine.RuleContext;
import io.fluxward.model.FileModel;
import io.fluxward.model.FileType;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.secrets.SecretKind;
import io.fluxward.secrets.SecretScanner;
import java.util.Set;
import java.util.function.Function;

/**
 * Reports the credential patterns of one category found in a file: in its text (any text file,
 * YAML or not), and in the base64-decoded {@code data} of its plaintext Secrets, where a PEM key or
 * a token is otherwise invisible.
 */
final class TextSecrets {

    private TextSecrets() {
    }

    static void report(FileModel file, RuleContext context, SecretKind.Category category,
                       Function<SecretScanner.SecretMatch, String> advice) {
        if (file.file().type() == FileType.BINARY) {
            return;
        }
        for (SecretScanner.SecretMatch m : SecretScanner.scan(file.file().text(), category)) {
            context.at(new Location(file.path(), m.span())).key(m.kind().id())
                    .secret(m.value(file.file().text()))
                    .level(m.example() ? Level.NOTE : context.rule().level())
                    .message(describe(file, m) + advice.apply(m)).report();
        }
        for (KubeObject secret : file.objects()) {
            if (!SecretSupport.isSecret(secret)) {
                continue;
            }
            for (SecretSupport.SecretEntry e : SecretSupport.entries(secret)) {
                if (!e.base64()) {
                    continue;
                }
                Set<SecretKind> seen = new java.util.HashSet<>();
                for (SecretScanner.SecretMatch m : SecretScanner.scanBase64(e.key(), e.value().value())) {
                    if (m.kind().category() != category || !seen.add(m.kind())) {
                        continue;
                    }
                    context.at(file.path(), e.value()).secret(e.value().value())
                            .level(m.example() ? Level.NOTE : context.rule().level())
                            .message("`" + e.path() + "` of " + SecretSupport.shown(secret) + " decodes to " + article(m)
                                    + (m.example() ? " (a documented example value)" : "") + ": base64 is not"
                                    + " encryption. " + advice.apply(m)).report();
                }
            }
        }
    }

    private static String describe(FileModel file, SecretScanner.SecretMatch m) {
        String what = m.kind() == SecretKind.PEM_PRIVATE_KEY ? pemType(file.file().text(), m) : m.kind().description();
        if (m.example()) {
            return "documented example " + what + " (not a live credential, but check it is not real): ";
        }
        // Not "committed": a work-tree scan also reads files git does not track yet.
        return what + " in clear in the repository: ";
    }

    private static String article(SecretScanner.SecretMatch m) {
        String d = m.kind().description();
        return ("AEIOU".indexOf(d.charAt(0)) >= 0 ? "an " : "a ") + d;
    }

    /** {@code RSA PEM private key}: the label of the BEGIN line, which is not secret. */
    private static String pemType(String text, SecretScanner.SecretMatch m) {
        String head = text.substring(m.start(), Math.min(text.length(), m.start() + 130));
        java.util.regex.Matcher label = java.util.regex.Pattern.compile("(?i)-----BEGIN ([ A-Z0-9_-]{0,100}?) ?PRIVATE KEY")
                .matcher(head);
        if (label.find() && !label.group(1).isBlank()) {
            return label.group(1).strip() + " private key";
        }
        return "PEM private key";
    }
}
