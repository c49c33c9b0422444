package io.fluxward.rules.secrets;

import io.fluxward.engine.RuleContext;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.secrets.SecretScanner;
import io.fluxward.secrets.SecretValues;
import io.fluxward.sops.EncValue;
import io.fluxward.sops.SopsFile;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the secret rules share: reading Secret data, placing findings, and the texts of the fixes. */
final class SecretSupport {

    /** The Flux convention: encrypt only what Kubernetes treats as secret. */
    static final String ENCRYPT_COMMAND = "sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place ";

    private SecretSupport() {
    }

    /**
     * {@code path} as one shell word, so a fix command pasted into a shell works for names with spaces; a
     * relative path starting with {@code -} gets {@code ./} so the command does not take it for an option.
     */
    static String shellWord(String path) {
        String safe = path.startsWith("-") ? "./" + path : path;
        if (safe.matches("[A-Za-z0-9_./@%+=:,-]+")) {
            return safe;
        }
        if (safe.chars().noneMatch(SecretSupport::control)) {
            return "'" + safe.replace("'", "'\\''") + "'";
        }
        // Reports show control characters as \xHH (a name must not drive the terminal), which single quotes
        // would take literally: ANSI-C quoting (bash, zsh, ksh) reads the escapes back as the characters.
        StringBuilder out = new StringBuilder("$'");
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            if (c == '\\' || c == '\'') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (control(c)) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append(String.format(Locale.ROOT, "\\x%02x", b & 0xff));
                }
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** The characters reports escape: C0 and C1 controls and DEL. */
    private static boolean control(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /** One value under a Secret's {@code data} or {@code stringData}. */
    record SecretEntry(String field, String key, YScalar value, boolean base64) {

        /** {@code stringData.password}, for messages. */
        String path() {
            return field + "." + key;
        }

        /** The value as Kubernetes will see it: {@code data} decoded from base64 when it decodes. */
        String effectiveValue() {
            if (!base64) {
                return value.value();
            }
            return decode(value.value()).orElse(value.value());
        }

        /** True when the value leaks nothing if committed in clear. */
        boolean harmless() {
            String raw = value.value();
            if (SecretValues.isHarmless(raw)) {
                return true;
            }
            return base64 && decode(raw).map(SecretValues::isHarmless).orElse(false);
        }
    }

    /** The entries of a v1 Secret's {@code data} and {@code stringData} whose values are scalars. */
    static List<SecretEntry> entries(KubeObject secret) {
        return entries(secret.node());
    }

    /** The entries of the {@code data} and {@code stringData} of a Secret's mapping (or a patch to one). */
    static List<SecretEntry> entries(YNode secret) {
        List<SecretEntry> out = new ArrayList<>();
        for (String field : List.of("data", "stringData")) {
            for (YEntry e : secret.get(field).effectiveEntries()) {
                if (e.value() instanceof YScalar s && !s.isNull()) {
                    out.add(new SecretEntry(field, e.keyText(), s, field.equals("data")));
                }
            }
        }
        return out;
    }

    /**
     * How messages name an object: {@code Secret/ns/name}, but a name or namespace that SOPS encrypted (an unanchored
     * {@code encrypted_regex} matching {@code metadata}) is said to be so, not printed as its ciphertext.
     */
    static String shown(KubeObject o) {
        boolean name = EncValue.looksEncrypted(o.name());
        boolean ns = EncValue.looksEncrypted(o.namespace());
        if (!name && !ns) {
            return o.ref();
        }
        if (name && ns) {
            return o.kind() + " (namespace and name encrypted)";
        }
        return name ? o.kind() + (o.namespace().isEmpty() ? "" : "/" + o.namespace()) + " (name encrypted)"
                : o.kind() + " " + o.name() + " (namespace encrypted)";
    }

    static boolean isSecret(KubeObject o) {
        return o.is("", "Secret") && o.apiVersion().equals("v1");
    }

    static Optional<String> decode(String base64) {
        return SecretScanner.decodeBase64(base64);
    }

    /** Starts a finding at a SOPS value: its YAML node, or its line in dotenv and INI files. */
    static RuleContext.FindingBuilder at(RuleContext ctx, String path, SopsFile.Leaf leaf) {
        if (leaf.node().isPresent()) {
            return ctx.at(path, leaf.node());
        }
        return ctx.at(new Location(path, leaf.span())).key(leaf.path());
    }

    /** Where a finding about a text match points, with a key that tells matches of one file apart. */
    static Location location(String path, Span span) {
        return new Location(path, span);
    }
}
