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

    static final String ENCRYPTED = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: apps
            stringData:
              password: ENC[AES256_GCM,data:bm90LXJlYWw=,iv:aXY=,tag:dGFn,type:str]
            sops:
              mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]
              version: 3.9.0
              lastmodified: "2024-01-01T00:00:00Z"
              age:
                - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                  enc: |
                    -----BEGIN AGE ENCRYPTED FILE-----
                    bm90IGEgcmVhbCBrZXk=
                    -----END AGE ENCRYPTED FILE-----
            """;

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

    /** A Flux Kustomization, optionally depending on another. */
    static String kustomization(String name, String dependsOn) {
        return "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: " + name
                + "\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n"
                + "  sourceRef:\n    kind: GitRepository\n    name: flux-system\n"
                + (dependsOn == null ? "" : "  dependsOn:\n    - name: " + dependsOn + "\n");
    }
}
