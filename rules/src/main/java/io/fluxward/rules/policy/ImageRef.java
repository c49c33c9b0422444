package io.fluxward.rules.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A container image reference reduced to where it comes from: {@code registry/path}, normalised
 * the way the container runtime does (Docker's reference grammar): a first component with a
 * {@code .} or {@code :} or equal to {@code localhost} is a registry host, anything else is Docker
 * Hub ({@code nginx} is {@code docker.io/library/nginx}, {@code bitnami/redis} is
 * {@code docker.io/bitnami/redis}); tag and digest are dropped.
 *
 * @param registry the registry host (lower case, Docker Hub aliases folded into {@code docker.io})
 * @param path     the repository path inside the registry
 */
record ImageRef(String registry, String path) {

    static final String DOCKER_HUB = "docker.io";
    private static final Set<String> DOCKER_HUB_ALIASES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io",
            "registry.hub.docker.com");

    /** The reference, or empty when it is not a literal image name (empty, templated, or malformed). */
    static Optional<ImageRef> parse(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.contains("${") || s.contains("{{") || s.contains(" ")) {
            return Optional.empty();
        }
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        if (colon > slash) {
            s = s.substring(0, colon);
        }
        if (s.isEmpty() || s.startsWith("/") || s.endsWith("/") || s.contains("//")) {
            return Optional.empty();
        }
        int first = s.indexOf('/');
        String head = first < 0 ? s : s.substring(0, first);
        if (first >= 0 && isHost(head)) {
            return Optional.of(of(head, s.substring(first + 1)));
        }
        return Optional.of(of(DOCKER_HUB, s));
    }

    /** A registry prefix from config ({@code ghcr.io/acme}, {@code docker.io/library}, {@code bitnami}), normalised alike. */
    static String normalizePrefix(String prefix) {
        String p = prefix.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int first = p.indexOf('/');
        String head = first < 0 ? p : p.substring(0, first);
        if (isHost(head) || head.contains("*")) {
            String host = head.toLowerCase(Locale.ROOT);
            host = DOCKER_HUB_ALIASES.contains(host) ? DOCKER_HUB : host;
            return first < 0 ? host : host + p.substring(first);
        }
        return DOCKER_HUB + "/" + p;
    }

    /** A prefix as a pattern: whole path segments, {@code *} matching within one segment. */
    static Pattern prefixPattern(String normalizedPrefix) {
        StringBuilder regex = new StringBuilder();
        String[] segments = normalizedPrefix.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                regex.append('/');
            }
            String[] parts = segments[i].split("\\*", -1);
            for (int j = 0; j < parts.length; j++) {
                if (j > 0) {
                    regex.append("[^/]*");
                }
                regex.append(Pattern.quote(parts[j]));
            }
        }
        return Pattern.compile(regex + "(/.*)?", Pattern.CASE_INSENSITIVE);
    }

    private static ImageRef of(String host, String path) {
        String h = host.toLowerCase(Locale.ROOT);
        if (DOCKER_HUB_ALIASES.contains(h)) {
            return new ImageRef(DOCKER_HUB, path.contains("/") ? path : "library/" + path);
        }
        return new ImageRef(h, path);
    }

    private static boolean isHost(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost");
    }

    /** {@code registry/path}. */
    String location() {
        return registry + "/" + path;
    }
}
