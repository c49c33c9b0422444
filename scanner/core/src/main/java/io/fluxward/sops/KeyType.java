package io.fluxward.sops;

import java.util.Optional;

/**
 * The kinds of master key a SOPS file can be encrypted for, with the names used in a file's
 * {@code sops:} block and in {@code .sops.yaml} creation rules.
 */
public enum KeyType {
    AGE("age", "age", "recipient"),
    PGP("pgp", "pgp", "fp"),
    KMS("kms", "kms", "arn"),
    GCP_KMS("gcp_kms", "gcp_kms", "resource_id"),
    AZURE_KV("azure_kv", "azure_keyvault", "vault_url"),
    HC_VAULT("hc_vault", "hc_vault_transit_uri", "vault_address"),
    HCKMS("hckms", "hckms", "key_id");

    private final String fileKey;
    private final String configKey;
    private final String idField;

    KeyType(String fileKey, String configKey, String idField) {
        this.fileKey = fileKey;
        this.configKey = configKey;
        this.idField = idField;
    }

    /** The key of this type's list in an encrypted file's {@code sops:} block. */
    public String fileKey() {
        return fileKey;
    }

    /** The key of this type in a {@code .sops.yaml} creation rule. */
    public String configKey() {
        return configKey;
    }

    /** The field of a file entry that identifies the key (the others are encrypted data keys and dates). */
    public String idField() {
        return idField;
    }

    public static Optional<KeyType> byFileKey(String key) {
        for (KeyType t : values()) {
            if (t.fileKey.equals(key)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
