package io.fluxward.secrets;

import java.util.regex.Pattern;

/**
 * The credential and key-material patterns fluxward looks for in any text, after gitleaks'
 * default configuration (v8.30.1, RE2 patterns that {@code java.util.regex} runs unchanged).
 * {@link Category#KEY_MATERIAL} kinds are private keys (FW-S004), {@link Category#CLOUD_CREDENTIAL}
 * kinds are tokens and cloud keys (FW-S008).
 */
public enum SecretKind {

    AGE_SECRET_KEY(Category.KEY_MATERIAL, "age secret key",
            "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"),
    AGE_PQ_SECRET_KEY(Category.KEY_MATERIAL, "age post-quantum secret key",
            "AGE-SECRET-KEY-PQ-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{20,}"),
    /**
     * Any PEM private key: PKCS#1 RSA, EC, DSA, PKCS#8 (plain or ENCRYPTED), OPENSSH, PGP PRIVATE KEY BLOCK. The
     * pattern finds the BEGIN line; the scanner takes the block to its END line when the body between looks like
     * key material (see {@code SecretScanner.isKeyBody}).
     */
    PEM_PRIVATE_KEY(Category.KEY_MATERIAL, "PEM private key", "(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----"),

    /** gitleaks' {@code aws-access-token}, with its entropy threshold of 3: {@code AKIAXXXXXXXXXXXXXXXX} is no key. */
    AWS_ACCESS_KEY_ID(Category.CLOUD_CREDENTIAL, "AWS access key ID",
            "\\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\\b", 3.0),
    /** A 40-character AWS secret access key under a key name that says so. */
    AWS_SECRET_ACCESS_KEY(Category.CLOUD_CREDENTIAL, "AWS secret access key",
            "(?i)(?:aws[_-]?secret[_-]?access[_-]?key|aws[_-]?secret[_-]?key|secret[_-]?access[_-]?key)[\"']?\\s*[:=]\\s*[\"']?"
                    + "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
    GITHUB_PAT(Category.CLOUD_CREDENTIAL, "GitHub personal access token", "ghp_[0-9a-zA-Z]{36}"),
    GITHUB_FINE_GRAINED_PAT(Category.CLOUD_CREDENTIAL, "GitHub fine-grained personal access token",
            "github_pat_\\w{82}"),
    GITHUB_OAUTH(Category.CLOUD_CREDENTIAL, "GitHub OAuth token", "gho_[0-9a-zA-Z]{36}"),
    GITHUB_APP_TOKEN(Category.CLOUD_CREDENTIAL, "GitHub App token", "(?:ghu|ghs)_[0-9a-zA-Z]{36}"),
    GITHUB_REFRESH_TOKEN(Category.CLOUD_CREDENTIAL, "GitHub refresh token", "ghr_[0-9a-zA-Z]{36}"),
    SLACK_BOT_TOKEN(Category.CLOUD_CREDENTIAL, "Slack bot token",
            "xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*|xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26}"),
    SLACK_USER_TOKEN(Category.CLOUD_CREDENTIAL, "Slack user token", "xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}"),
    SLACK_APP_TOKEN(Category.CLOUD_CREDENTIAL, "Slack app token", "(?i)xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]+"),
    SLACK_LEGACY_TOKEN(Category.CLOUD_CREDENTIAL, "Slack legacy token",
            "xox[os]-\\d+-\\d+-\\d+-[a-fA-F\\d]+|xox[ar]-(?:\\d-)?[0-9a-zA-Z]{8,48}"),
    SLACK_WEBHOOK_URL(Category.CLOUD_CREDENTIAL, "Slack webhook URL",
            "(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}"),
    /** A GCP service-account key file (JSON): the match is its {@code private_key} value, where the finding points. */
    GCP_SERVICE_ACCOUNT_KEY(Category.CLOUD_CREDENTIAL, "GCP service-account key",
            "\"type\"\\s*:\\s*\"service_account\"[\\s\\S]{0,4000}?\"private_key\"\\s*:\\s*\"(-----BEGIN[^\"]*)"),
    AZURE_STORAGE_CONNECTION_STRING(Category.CLOUD_CREDENTIAL, "Azure storage connection string",
            "(?i)DefaultEndpointsProtocol=https?;[^\\s\"']{0,200}?AccountKey=[A-Za-z0-9+/]{86}==");

    /** What a match means. */
    public enum Category { KEY_MATERIAL, CLOUD_CREDENTIAL }

    private final Category category;
    private final String description;
    private final Pattern pattern;
    private final double minEntropy;

    SecretKind(Category category, String description, String regex) {
        this(category, description, regex, 0);
    }

    SecretKind(Category category, String description, String regex, double minEntropy) {
        this.category = category;
        this.description = description;
        this.pattern = Pattern.compile(regex);
        this.minEntropy = minEntropy;
    }

    public Category category() {
        return category;
    }

    /** Human name, safe to print ("GitHub personal access token"). */
    public String description() {
        return description;
    }

    /** Stable identifier for fingerprints and JSON ({@code github-pat}). */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    Pattern pattern() {
        return pattern;
    }

    /**
     * gitleaks' {@code entropy} of the rule: a match whose Shannon entropy (bits per character) is below it is no
     * credential. 0 when the rule has none.
     */
    double minEntropy() {
        return minEntropy;
    }
}
