package io.fluxward.git;

/** Manifests the git tests stage and commit. */
final class Manifests {

    static final String PLAIN = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: apps
            stringData:
              password: hunter2-canary-value
            """;

    /** A Secret encrypted the way sops 3.10 does (age, encrypted_regex ^(data|stringData)$): no rule fires on it. */
    static final String ENCRYPTED = resource("secret.sops.yaml");


    static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: apps
            data:
              level: debug
            """;

    private Manifests() {
    }

    private static String resource(String name) {
        try (var in = Manifests.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }

    /** A Flux Kustomization, optionally depending on another. */
    static String kustomization(String name, String dependsOn) {
        return "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: " + name
                + "\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n"
                + "  sourceRef:\n    kind: GitRepository\n    name: flux-system\n"
                + (dependsOn == null ? "" : "  dependsOn:\n    - name: " + dependsOn + "\n");
    }
}
