package io.fluxward.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells whether a key name says its value is a credential ({@code password}, {@code DB_PASSWORD},
 * {@code clientSecret}, {@code apiKey}...), as opposed to a reference to one ({@code existingSecret},
 * {@code passwordSecretName}, {@code tokenFile}) or a setting about one ({@code tokenTTL}).
 *
 * <p>The key is split into words at {@code _ - .} and camelCase boundaries. It names a credential
 * when its last word is one of {@link #LAST_WORDS}, or its last two words are one of
 * {@link #LAST_PAIRS}, or it contains {@code password}/{@code passwd}/{@code passphrase} followed by
 * no word of {@link #NOT_A_VALUE}. Keys starting with {@code existing} or {@code use}, and
 * {@code <password|token|tls...>Secret}, name a Secret object rather than hold a value.
 */
public final class CredentialKeys {

    /** Words that, last in a key, make it a credential. */
    public static final Set<String> LAST_WORDS = Set.of("password", "passwd", "passphrase", "pwd", "secret",
            "token", "apikey", "credential", "credentials", "privatekey", "clientsecret", "accesskey", "secretkey",
            "authkey", "pat");

    /** Pairs of words that, last in a key, make it a credential ({@code api key}, {@code client secret}...). */
    public static final Set<String> LAST_PAIRS = Set.of("api key", "access key", "secret key", "private key",
            "client secret", "auth token", "access token", "refresh token", "bearer token", "id token",
            "encryption key", "signing key", "master key", "account key", "app secret", "shared secret",
            "webhook secret", "session secret", "cookie secret", "license key", "service key", "admin key",
            "root password", "admin password", "api token", "auth key", "key data", "key base");

    /** Words that turn a credential word into a reference or a setting ({@code passwordFile}, {@code tokenTTL}). */
    public static final Set<String> NOT_A_VALUE = Set.of("name", "ref", "file", "files", "path", "dir", "key",
            "keys", "secret", "existing", "url", "uri", "endpoint", "env", "var", "length", "len", "min", "max", "ttl",
            "expiry", "expires", "expiration", "lifetime", "timeout", "policy", "policies", "enabled", "enable",
            "disabled", "required", "type", "mode", "field", "header", "hash", "salt", "rotation", "reset", "command",
            "cmd", "prefix", "suffix", "id", "ids", "format", "selector", "annotation", "label", "template", "source",
            "from", "provider", "issuer", "audience", "scope", "scopes", "duration", "interval", "count", "strength",
            "complexity", "regex", "pattern", "validation", "store", "mount", "volume", "config", "configmap", "user",
            "username", "login", "kind", "namespace", "generate", "generated", "auto", "use");

    private static final Set<String> STRONG = Set.of("password", "passwd", "passphrase");

    /** Words before {@code secretKey} that make it an object-storage secret key rather than the key of a Secret. */
    private static final Set<String> STORAGE = Set.of("aws", "s3", "minio", "storage", "bucket", "api", "access");

    /** Words before a final {@code secret} that make the key name a Secret object ({@code passwordSecret}). */
    private static final Set<String> SECRET_OBJECT = Set.of("password", "passwd", "passphrase", "token", "key",
            "keys", "credential", "credentials", "tls", "cert", "certificate", "ca", "kubeconfig", "auth", "basic",
            "name", "ref", "env", "config", "values", "image", "pull", "registry", "docker");

    private CredentialKeys() {
    }

    /** True when {@code key} names a credential value. */
    public static boolean isCredential(String key) {
        List<String> words = new ArrayList<>(words(key));
        if (words.size() > 1 && words.get(words.size() - 1).chars().allMatch(Character::isDigit)) {
            words.remove(words.size() - 1);
        }
        if (!words.isEmpty()) {
            // A numbered credential (DB_PASSWORD2, apiToken1, REDIS_PASSWORD_2) is still one: the number is no word.
            words.set(words.size() - 1, words.get(words.size() - 1).replaceFirst("^([a-z]{2,})[0-9]+$", "$1"));
        }
        if (words.isEmpty() || words.get(0).equals("existing") || words.get(0).equals("use")) {
            return false;
        }
        String last = words.get(words.size() - 1);
        if (last.equals("secret") && words.size() > 1 && SECRET_OBJECT.contains(words.get(words.size() - 2))) {
            return false;
        }
        if (LAST_WORDS.contains(last)) {
            return true;
        }
        if (words.size() >= 2 && LAST_PAIRS.contains(words.get(words.size() - 2) + " " + last)) {
            // clientSecretKey, gitCredentialsSecretKey: the key under which a Secret holds the value. Not in an
            // environment variable's spelling (DJANGO_SECRET_KEY, GF_SECURITY_SECRET_KEY): that holds the value.
            boolean keyOfSecret = last.equals("key") && words.get(words.size() - 2).equals("secret") && words.size() > 2
                    && !STORAGE.contains(words.get(words.size() - 3)) && !isEnvironmentStyle(key);
            return !keyOfSecret;
        }
        for (int i = 0; i < words.size(); i++) {
            if (STRONG.contains(words.get(i))) {
                for (int j = i + 1; j < words.size(); j++) {
                    if (NOT_A_VALUE.contains(words.get(j))) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** {@code DB_SECRET_KEY}: upper case words joined by underscores, as environment variables are named. */
    private static boolean isEnvironmentStyle(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return key.indexOf('_') > 0;
    }

    /**
     * {@code clientSecret_v2} → [client, secret, v2]; {@code DB_PASSWORD} → [db, password]; {@code s3SecretKey} →
     * [s3, secret, key].
     */
    public static List<String> words(String key) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean separator = !Character.isLetterOrDigit(c);
            boolean boundary = Character.isUpperCase(c) && i > 0 && (Character.isLowerCase(key.charAt(i - 1))
                    || Character.isDigit(key.charAt(i - 1)) && i >= 2 && Character.isLowerCase(key.charAt(i - 2))
                    || i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1))
                    && Character.isUpperCase(key.charAt(i - 1)));
            if ((separator || boundary) && word.length() > 0) {
                out.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (!separator) {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
