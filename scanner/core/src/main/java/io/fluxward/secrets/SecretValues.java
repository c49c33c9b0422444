package io.fluxward.secrets;

import io.fluxward.sops.EncValue;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YWalker;
import io.fluxward.yaml.YamlLimits;
import io.fluxward.yaml.YamlParse;
import io.fluxward.yaml.YamlParser;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a value written in Git really is: empty, ciphertext, a placeholder filled in later, a
 * reference to a secret kept elsewhere, configuration without any credential, or a literal that
 * must be treated as secret.
 */
public final class SecretValues {

    /**
     * A multi-line value without its layout: each line stripped, blank lines and line ends left out. The same
     * credential checked out with CRLF line ends or re-indented is the same value (and keeps its fingerprint); other
     * content is another value.
     */
    public static String withoutLayout(String text) {
        return String.join("\n", text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    /** The classes of value, from harmless to secret. */
    public enum Kind {
        /** Empty or only whitespace. */
        EMPTY,
        /** A SOPS {@code ENC[...]} value. */
        ENCRYPTED,
        /**
         * Filled in later: Flux {@code ${VAR}} (not {@code $${VAR}}), Kubernetes {@code $(VAR)}, a shell's
         * {@code $(cat FILE)}, Helm {@code {{ }}}.
         */
        PLACEHOLDER,
        /**
         * Names a secret kept elsewhere: 1Password {@code op://vault/item/field}, vals {@code ref+backend://...},
         * Grafana {@code $__file{/path}}, {@code $__env{VAR}}, {@code $__vault{...}}.
         */
        REFERENCE,
        /**
         * An obvious stand-in: {@code <redacted>}, {@code <your-token>}, {@code ***}, {@code xxxx},
         * {@code REDACTED}, {@code PLACEHOLDER}, {@code ...}. ({@code changeme} is not: it is deployed as is.)
         */
        STAND_IN,
        /**
         * Public material only: PEM certificates, CRLs and public keys, OpenSSH public key lines
         * ({@code authorized_keys}, {@code known_hosts}), age recipients.
         */
        PUBLIC,
        /** A multi-line configuration document (YAML/JSON) with no credential-like key and no credential in it. */
        CONFIGURATION,
        /** Anything else: treat as secret. */
        LITERAL
    }

    private static final Pattern FLUX_VAR = Pattern.compile(
            "(?<!\\$)\\$\\{[_a-zA-Z][_a-zA-Z0-9]*(?::?[=+-][^}]*|:[^}]*|/[^}]*)?}");
    /** Kubernetes {@code $(VAR)}, and a shell's {@code $(cat /run/secrets/token)}: the value is computed where it runs. */
    private static final Pattern KUBE_VAR = Pattern.compile("\\$\\((?:[_a-zA-Z][_a-zA-Z0-9]*|[_a-zA-Z][\\w.-]*\\s[^()\\n]*)\\)");
    /** Grafana's configuration expansion: the value is read from a file, an env var or Vault when Grafana starts. */
    private static final Pattern GRAFANA_EXPANSION = Pattern.compile("\\$__(?:file|env|vault)\\{[^{}\\n]+}");
    private static final Pattern REFERENCE = Pattern.compile(
            "(?s)\\s*(?:op://[^\\s/]+/[^\\s/]+(?:/[^\\s/]+){1,2}|ref\\+[a-z0-9]+://\\S+|\\$__(?:file|env|vault)\\{[^{}\\n]+})\\s*");
    private static final Pattern STAND_IN = Pattern.compile(
            "(?i)<[^<>\\n]{1,80}>|\\*{3,}|x{4,}|\\[?redacted]?|placeholder|\\.{3}|…");
    private static final Pattern PUBLIC_PEM = Pattern.compile(
            "-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|X509 CRL|TRUSTED CERTIFICATE)-----"
                    + "[\\s\\S]*?-----END \\1-----");
    /** One public key line: OpenSSH (with the host list of known_hosts, hashed or not, before it), or an age recipient. */
    private static final Pattern PUBLIC_LINE = Pattern.compile(
            "(?:[\\w.,\\[\\]:*@|+/=-]+\\s+)?(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\\d+|sk-\\S+)\\s+AAAA[0-9A-Za-z+/=]+"
                    + "(?:\\s.*)?|age1[0-9a-z]{20,}");
    private static final Pattern URL_PASSWORD = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:[^@\\s/]+@");

    /**
     * Keys of configuration documents whose value is a credential though the name says "key" alone
     * (Alertmanager's PagerDuty {@code routing_key}, {@code service_key}).
     */
    private static final Set<String> CONFIG_CREDENTIAL_KEYS = Set.of("routing_key", "service_key", "routingKey",
            "serviceKey");
    /**
     * A Slack incoming-webhook URL of any length (FW-S008 reports only the full-length ones gitleaks knows):
     * its path is the credential, so a configuration holding one (Alertmanager's {@code api_url},
     * {@code global.slack_api_url}) is not harmless. Stand-in paths ({@code XXXX}, {@code <...>}) do not count.
     */
    private static final Pattern SLACK_WEBHOOK = Pattern.compile(
            "hooks\\.slack\\.com/(?:services|workflows|triggers)/(?![^\\s\"']*(?:[xX]{4}|<|\\.\\.\\.))[A-Za-z0-9+/]+");

    /** One {@code key: value} line of a YAML (or JSON) document, the value plain or quoted on the line. */
    private static final Pattern YAML_ENTRY = Pattern.compile(
            "\\s*(?:-\\s+)?[\"']?([\\w.-]+)[\"']?\\s*:\\s+([^\\s|>#].*?),?\\s*");

    private SecretValues() {
    }

    /** Classifies a value as written (not base64-decoded). */
    public static Kind classify(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Kind.EMPTY;
        }
        if (EncValue.looksEncrypted(v)) {
            return Kind.ENCRYPTED;
        }
        if (isPublicMaterial(v)) {
            return Kind.PUBLIC;
        }
        if (REFERENCE.matcher(v).matches()) {
            return Kind.REFERENCE;
        }
        if (isPlaceholder(v)) {
            return Kind.PLACEHOLDER;
        }
        if (STAND_IN.matcher(v).matches()) {
            return Kind.STAND_IN;
        }
        if (isConfigurationWithoutCredentials(v)) {
            return Kind.CONFIGURATION;
        }
        return Kind.LITERAL;
    }

    /** True for values that leak nothing when committed in clear. */
    public static boolean isHarmless(String value) {
        return classify(value) != Kind.LITERAL;
    }

    /**
     * True when the value's secret parts are all substituted later: it holds at least one
     * placeholder, and what is left once they are removed holds no credential.
     */
    static boolean isPlaceholder(String v) {
        boolean helm = v.contains("{{") && v.contains("}}");
        if (!FLUX_VAR.matcher(v).find() && !KUBE_VAR.matcher(v).find() && !GRAFANA_EXPANSION.matcher(v).find() && !helm) {
            return false;
        }
        String rest = GRAFANA_EXPANSION.matcher(KUBE_VAR.matcher(FLUX_VAR.matcher(v).replaceAll("")).replaceAll(""))
                .replaceAll("");
        if (helm) {
            rest = rest.replaceAll("(?s)\\{\\{.*?}}", "");
        }
        return !URL_PASSWORD.matcher(rest).find() && !SecretScanner.containsSecret(rest) && !hasCredentialAssignment(rest)
                && !hasCredentialEntry(rest) && !SLACK_WEBHOOK.matcher(rest).find();
    }

    /**
     * True when the text holds at least one certificate or public key and nothing else but blank lines and
     * {@code #} comments: committing it in clear leaks nothing.
     */
    public static boolean isPublicMaterial(String text) {
        if (!text.contains("-----BEGIN ") && !text.contains("AAAA") && !text.contains("age1")) {
            return false;
        }
        String rest = PUBLIC_PEM.matcher(text).replaceAll("");
        boolean any = rest.length() != text.length();
        for (String line : rest.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (!PUBLIC_LINE.matcher(l).matches()) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** {@code password=hunter2} style text left around placeholders. */
    private static boolean hasCredentialAssignment(String text) {
        for (String part : text.split("[\\s;&,]+")) {
            int eq = part.indexOf('=');
            if (eq > 0 && eq < part.length() - 1 && CredentialKeys.isCredential(part.substring(0, eq))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A {@code smtp_auth_password: hunter2} line left around placeholders: an Alertmanager config whose
     * templates ({@code {{ template "email.default.subject" . }}}) are filled in by Alertmanager, not Helm.
     */
    private static boolean hasCredentialEntry(String text) {
        for (String line : text.split("\n")) {
            Matcher m = YAML_ENTRY.matcher(line);
            if (m.matches() && (CredentialKeys.isCredential(m.group(1)) || CONFIG_CREDENTIAL_KEYS.contains(m.group(1)))
                    && !isHarmlessScalar(unquote(m.group(2).strip()))) {
                return true;
            }
        }
        return false;
    }

    private static String unquote(String v) {
        boolean quoted = v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.endsWith(v.substring(0, 1));
        return quoted ? v.substring(1, v.length() - 1) : v;
    }

    /**
     * A multi-line YAML or JSON document (a mapping or list, such as a Prometheus scrape config kept
     * in a Secret) in which no key names a credential, no URL carries a password, and no credential
     * pattern matches.
     */
    static boolean isConfigurationWithoutCredentials(String v) {
        if (!v.contains("\n") || SecretScanner.containsSecret(v) || URL_PASSWORD.matcher(v).find()) {
            return false;
        }
        YamlParse parse = new YamlParser(new YamlLimits(1 << 20, 64, 100, 100_000)).parseText(v);
        if (!parse.problems().isEmpty() || parse.documents().size() != 1) {
            return false;
        }
        YNode root = parse.documents().get(0).root();
        if (!root.isMap() && !root.isSeq()) {
            return false;
        }
        boolean[] credential = {false};
        YWalker.walk(root, (path, node) -> {
            if (!path.isEmpty() && path.get(path.size() - 1) instanceof String key
                    && (CredentialKeys.isCredential(key) || CONFIG_CREDENTIAL_KEYS.contains(key))
                    && node instanceof YScalar s && !isHarmlessScalar(s.value())) {
                credential[0] = true;
            }
            if (node instanceof YScalar s && SLACK_WEBHOOK.matcher(s.value()).find()) {
                credential[0] = true;
            }
            return !credential[0];
        });
        return !credential[0];
    }

    private static boolean isHarmlessScalar(String value) {
        Kind kind = classify(value);
        return kind != Kind.LITERAL && kind != Kind.CONFIGURATION;
    }
}
