package io.fluxward.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How secrets appear in fluxward's output: never. Messages name the key and show this fixed mask,
 * whose length says nothing about the value.
 */
public final class Mask {

    /** The one mask used everywhere. */
    public static final String MASK = "********";

    /**
     * Query parameters that carry a credential though {@link CredentialKeys} does not read their name as one: signed
     * URLs (S3, GCS, Azure SAS {@code sig}) and API keys ({@code ?key=}). Compared in lower case.
     */
    private static final Set<String> CREDENTIAL_PARAMETERS = Set.of("sig", "signature", "x-amz-signature",
            "x-amz-credential", "x-goog-signature", "x-goog-credential", "key", "api_key", "auth", "pass", "pw");

    /** Schemes whose user name is a login ({@code ssh://git@github.com}), not a token standing alone. */
    private static final Set<String> LOGIN_SCHEMES = Set.of("ssh", "git+ssh", "ssh+git", "sftp");

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
     * mask, and the credentials of every URL in it ({@link #urls(String)}), for callers that must show a
     * line of a file or a value taken from one (messages, snippets, logs).
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        List<SecretScanner.SecretMatch> matches = SecretScanner.scan(text);
        if (matches.isEmpty()) {
            return urls(text);
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
        return urls(out.append(text.substring(at)).toString());
    }

    /**
     * The text with the credentials of each {@code scheme://} URL in it masked: the password of the userinfo
     * ({@code https://oauth2:********@gitlab.com/...}), a user name standing alone except for ssh logins
     * ({@code https://********@github.com/...}: a token is often given so), and the values of credential query
     * parameters ({@code ?token=********}, {@code X-Amz-Signature=********}). Only known token formats were masked
     * before, so a GitLab token or any password in a remote kustomize resource or a source URL was printed.
     */
    public static String urls(String text) {
        int scheme = text.indexOf("://");
        if (scheme < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (scheme >= 0) {
            int schemeStart = scheme;
            while (schemeStart > 0 && isSchemeChar(text.charAt(schemeStart - 1))) {
                schemeStart--;
            }
            int authority = scheme + 3;
            int end = authority;
            while (end < text.length() && !endsUrl(text.charAt(end))) {
                end++;
            }
            if (schemeStart < scheme && authority >= copied) {
                out.append(text, copied, authority);
                out.append(maskUrlRest(text.substring(schemeStart, scheme).toLowerCase(Locale.ROOT),
                        text.substring(authority, end)));
                copied = end;
            }
            scheme = text.indexOf("://", Math.max(end, scheme + 3));
        }
        return out.append(text.substring(copied)).toString();
    }

    /** What follows {@code scheme://}, with its userinfo and credential query values masked. */
    private static String maskUrlRest(String scheme, String rest) {
        int hostEnd = 0;
        while (hostEnd < rest.length() && "/?#\\".indexOf(rest.charAt(hostEnd)) < 0) {
            hostEnd++;
        }
        StringBuilder out = new StringBuilder(rest.length());
        // Go's URL parser (kustomize, Flux) takes the userinfo up to the authority's last '@'.
        int at = rest.lastIndexOf('@', hostEnd - 1);
        if (at >= 0) {
            int colon = rest.indexOf(':');
            if (colon >= 0 && colon < at) {
                out.append(rest, 0, colon + 1).append(MASK);
            } else if (LOGIN_SCHEMES.contains(scheme) || at == 0) {
                out.append(rest, 0, at);
            } else {
                out.append(MASK);
            }
            out.append(rest, at, hostEnd);
        } else {
            out.append(rest, 0, hostEnd);
        }
        int query = rest.indexOf('?', hostEnd);
        int fragment = rest.indexOf('#', hostEnd);
        if (query < 0 || fragment >= 0 && fragment < query) {
            return out.append(rest.substring(hostEnd)).toString();
        }
        out.append(rest, hostEnd, query + 1);
        int queryEnd = fragment < 0 ? rest.length() : fragment;
        int p = query + 1;
        while (p <= queryEnd) {
            int amp = rest.indexOf('&', p);
            int paramEnd = amp < 0 || amp > queryEnd ? queryEnd : amp;
            String param = rest.substring(p, paramEnd);
            int eq = param.indexOf('=');
            if (eq > 0 && eq < param.length() - 1 && isCredentialParameter(param.substring(0, eq))) {
                out.append(param, 0, eq + 1).append(MASK);
            } else {
                out.append(param);
            }
            if (paramEnd < queryEnd) {
                out.append('&');
            }
            p = paramEnd + 1;
        }
        return out.append(rest.substring(queryEnd)).toString();
    }

    /** True for a query parameter whose value is a credential: {@code token}, {@code access_token}, {@code sig}... */
    static boolean isCredentialParameter(String name) {
        return CREDENTIAL_PARAMETERS.contains(name.toLowerCase(Locale.ROOT)) || CredentialKeys.isCredential(name);
    }

    private static boolean isSchemeChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-';
    }

    /** Where a URL written in a message, a YAML line or JSON ends. */
    private static boolean endsUrl(char c) {
        return Character.isWhitespace(c) || c == '\'' || c == '"' || c == '`' || c == '<' || c == '>';
    }
}
