package io.fluxward.rules.access;

import io.fluxward.config.Config;
import io.fluxward.model.KubeObject;
import io.fluxward.model.Location;
import io.fluxward.model.RepositoryModel;
import io.fluxward.secrets.SecretScanner;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The username and groups prefixes the API server adds to OIDC identities, read from the
 * {@code AuthenticationConfiguration}s of the repository ({@code apiserver.config.k8s.io}
 * v1alpha1, v1beta1, v1; as a manifest, or as the text of a ConfigMap / Secret value that is
 * mounted into kube-apiserver) and from config {@code oidc.usernamePrefix} / {@code groupsPrefix}.
 *
 * <p>A prefix is only usable for checks when every issuer that maps that claim has a fixed,
 * non-empty prefix: an issuer with {@code prefix: ""} or a CEL {@code expression} can produce any
 * name, so nothing can be said about names without the prefix.
 */
final class OidcPrefixes {

    static final String GROUP = "apiserver.config.k8s.io";

    /** One prefix and where it is defined. */
    record Prefix(String value, Location where, String source) {
    }

    /** The prefixes of one claim (username or groups); {@code checkable} false when some issuer allows any name. */
    record Claim(List<Prefix> prefixes, boolean checkable) {
        boolean accepts(String name) {
            return prefixes.stream().anyMatch(p -> name.startsWith(p.value()));
        }
    }

    private final List<Prefix> username = new ArrayList<>();
    private final List<Prefix> groups = new ArrayList<>();
    private boolean usernameOpen;
    private boolean groupsOpen;

    private OidcPrefixes() {
    }

    static OidcPrefixes of(RepositoryModel model) {
        OidcPrefixes out = new OidcPrefixes();
        for (KubeObject o : model.objects()) {
            if (o.group().equals(GROUP) && o.kind().equals("AuthenticationConfiguration")) {
                out.read(o.node(), o.path(), Shift.NONE, o.name().isEmpty() ? o.kind() : o.ref());
            } else if (o.group().isEmpty() && (o.kind().equals("ConfigMap") || o.kind().equals("Secret"))) {
                for (String field : List.of("data", "stringData", "binaryData")) {
                    // A Secret's data and a ConfigMap's binaryData are base64: the file is their decoded text.
                    boolean base64 = field.equals("binaryData") || field.equals("data") && o.kind().equals("Secret");
                    for (YEntry e : o.get(field).effectiveEntries()) {
                        String written = e.value().textOr("");
                        String text = base64 ? SecretScanner.decodeBase64(written).orElse("") : written;
                        if (text.contains("AuthenticationConfiguration") && text.contains(GROUP)) {
                            out.readEmbedded(model, o, e, text, base64);
                        }
                    }
                }
            }
        }
        Config config = model.config();
        config.string("oidc", "usernamePrefix").map(OidcPrefixes::flagValue)
                .ifPresent(p -> out.add(out.username, p, null, ".fluxward.yaml oidc.usernamePrefix"));
        config.string("oidc", "groupsPrefix").map(OidcPrefixes::flagValue)
                .ifPresent(p -> out.add(out.groups, p, null, ".fluxward.yaml oidc.groupsPrefix"));
        return out;
    }

    /**
     * The config's prefixes stand for the legacy {@code --oidc-username-prefix} / {@code --oidc-groups-prefix}
     * flags, where {@code -} means no prefix (domain facts §7). An AuthenticationConfiguration has no such
     * value: its {@code prefix: "-"} is a literal prefix, and {@code ""} is none.
     */
    private static String flagValue(String prefix) {
        return prefix.equals("-") ? "" : prefix;
    }

    Claim username() {
        return new Claim(List.copyOf(username), !username.isEmpty() && !usernameOpen);
    }

    Claim groups() {
        return new Claim(List.copyOf(groups), !groups.isEmpty() && !groupsOpen);
    }

    /** An AuthenticationConfiguration kept as text in a ConfigMap or Secret value (the file kube-apiserver mounts). */
    private void readEmbedded(RepositoryModel model, KubeObject holder, YEntry entry, String text, boolean decoded) {
        YamlParse parse = YamlParser.parse(text);
        // A literal block keeps its lines: line n of the text is n lines below the `|` indicator, indented.
        // Decoded base64 has no lines in the file: its prefixes are located at the key.
        boolean literal = !decoded && entry.value() instanceof YScalar s && s.style() == YScalar.Style.LITERAL;
        Shift shift = new Shift(-1, 0, entry.key().span().line());
        if (literal) {
            int first = entry.value().span().line() + 1;
            String line = model.file(holder.path()).map(f -> f.file().line(first)).orElse("");
            shift = new Shift(entry.value().span().line(), line.length() - line.stripLeading().length(), 0);
        }
        for (YDocument doc : parse.documents()) {
            YNode root = doc.root();
            if (root.get("kind").textOr("").equals("AuthenticationConfiguration")
                    && root.get("apiVersion").textOr("").startsWith(GROUP + "/")) {
                read(root, holder.path(), shift, holder.ref() + " " + entry.keyText());
            }
        }
    }

    /** Maps spans of embedded text to the file: {@code lines < 0} means not mappable, use {@code fallbackLine}. */
    private record Shift(int lines, int columns, int fallbackLine) {
        static final Shift NONE = new Shift(0, 0, 0);

        Span apply(Span span) {
            if (lines < 0) {
                return Span.of(Math.max(fallbackLine, 1), 1);
            }
            return new Span(span.line() + lines, span.column() + columns, span.endLine() + lines,
                    span.endColumn() + columns);
        }
    }

    /** Reads {@code jwt[].claimMappings}. */
    private void read(YNode config, String path, Shift shift, String source) {
        for (YNode jwt : config.get("jwt").items()) {
            YNode mappings = jwt.get("claimMappings");
            readClaim(mappings.get("username"), true, path, shift, source);
            readClaim(mappings.get("groups"), false, path, shift, source);
        }
    }

    private void readClaim(YNode claim, boolean user, String path, Shift shift, String source) {
        if (!claim.isPresent()) {
            return; // groups are optional: an issuer without a groups mapping adds no groups
        }
        YNode prefix = claim.get("prefix");
        Optional<String> value = prefix.isPresent() && !claim.get("expression").isPresent() ? Optional.of(prefix.textOr(""))
                : Optional.empty();
        Location where = new Location(path, shift.apply(prefix.span()));
        String name = source + " jwt[].claimMappings." + (user ? "username" : "groups") + ".prefix";
        if (value.isEmpty() || value.get().isEmpty()) {
            if (user) {
                usernameOpen = true;
            } else {
                groupsOpen = true;
            }
            return;
        }
        add(user ? username : groups, value.get(), where, name);
    }

    private void add(List<Prefix> list, String value, Location where, String source) {
        if (value.isEmpty()) {
            if (list == username) {
                usernameOpen = true;
            } else {
                groupsOpen = true;
            }
            return;
        }
        list.add(new Prefix(value, where, source));
    }


}
