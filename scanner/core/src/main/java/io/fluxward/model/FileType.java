package io.fluxward.model;

/** How fluxward reads a file. */
public enum FileType {
    /** {@code .yaml}, {@code .yml} and kustomize's extension-less {@code Kustomization}: parsed into documents. */
    YAML,
    /** {@code .json}: parsed as YAML (JSON is a subset), but a parse failure is a note, not FW-G001. */
    JSON,
    /** Any other text: searched by the rules that look for key material and credentials. */
    TEXT,
    /** Contains NUL bytes or is not decodable: nothing is read from it. */
    BINARY;

    public static FileType byName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || name.equals("Kustomization")) {
            return YAML;
        }
        if (lower.endsWith(".json")) {
            return JSON;
        }
        return TEXT;
    }
}
