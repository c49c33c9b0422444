package io.fluxward.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Credential patterns, value classes and key names. */
class SecretPatternsTest {

    private static List<SecretKind> kinds(String text) {
        return SecretScanner.scan(text).stream().map(SecretScanner.SecretMatch::kind).toList();
    }

    @Test
    void findsEachKindAndNothingInCiphertextOrPublicMaterial() {
        assertThat(kinds("key: AKIA2E3MXQ7VWRUFP5XK\nsecret: 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\n"))
                .containsExactly(SecretKind.AWS_ACCESS_KEY_ID, SecretKind.AWS_SECRET_ACCESS_KEY);
        assertThat(kinds("t=ghp_Zq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0u")).containsExactly(SecretKind.GITHUB_PAT);
        assertThat(kinds("t=ghs_Zq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0u")).containsExactly(SecretKind.GITHUB_APP_TOKEN);
        assertThat(kinds("xoxb-1234567890-1234567890123-abcDEF")).containsExactly(SecretKind.SLACK_BOT_TOKEN);
        assertThat(kinds("AGE-SECRET-KEY-1" + PATTERNED.substring(0, 58))).containsExactly(SecretKind.AGE_SECRET_KEY);
        // Written over with one character (documentation showing the format): a stand-in, as FW-S008's tokens are.
        assertThat(kinds("AGE-SECRET-KEY-1" + "Q".repeat(58))).isEmpty();
        assertThat(kinds("-----BEGIN RSA PRIVATE KEY-----\n" + "A".repeat(70) + "\n-----END RSA PRIVATE KEY-----\n"))
                .isEmpty();
        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
        assertThat(kinds(pem)).containsExactly(SecretKind.PEM_PRIVATE_KEY);
        assertThat(kinds("-----BEGIN CERTIFICATE-----\n" + "A".repeat(80) + "\n-----END CERTIFICATE-----\n"
                + "-----BEGIN PUBLIC KEY-----\n" + "A".repeat(80) + "\n-----END PUBLIC KEY-----\n")).isEmpty();
        assertThat(kinds("v: ENC[AES256_GCM,data:AKIA2E3MXQ7VWRUFP5XK,iv:x,tag:y,type:str]")).isEmpty();
        assertThat(kinds("-----BEGIN AGE ENCRYPTED FILE-----\nAGE-SECRET-KEY-1" + "Q".repeat(58)
                + "\n-----END AGE ENCRYPTED FILE-----")).isEmpty();
        assertThat(SecretScanner.scan("AKIAIOSFODNN7EXAMPLE")).singleElement()
                .satisfies(m -> assertThat(m.example()).isTrue());
        assertThat(SecretScanner.scanBase64("tls.key", "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUtPTkVE"
                + "eWdaaFVEa09RTEprRW5pVGl4cTlIcjZaclFQR0NGWFlFUVhaVjBvQW9HQ0NxR1NNNDkKLS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo="))
                .extracting(SecretScanner.SecretMatch::kind).containsExactly(SecretKind.PEM_PRIVATE_KEY);
        // The key name tells an AWS secret access key, as it would in plain text; the key name alone is no match.
        String awsSecret = "d0phbHJYVXRuRkVNSS9LN01ERU5HK2JQeFJmaUNZenE4WHQzdkIyZA==";
        assertThat(SecretScanner.scanBase64("AWS_SECRET_ACCESS_KEY", awsSecret))
                .extracting(SecretScanner.SecretMatch::kind).containsExactly(SecretKind.AWS_SECRET_ACCESS_KEY);
        assertThat(SecretScanner.scanBase64("config", awsSecret)).isEmpty();
        assertThat(SecretScanner.scanBase64("AWS_SECRET_ACCESS_KEY", "c2hvcnQtYnV0LWJhc2U2NC10ZXh0")).isEmpty();
    }

    /**
     * Shapes without a secret: below the rule's entropy threshold (gitleaks' {@code aws-access-token}: 3), or a run of
     * one character over the secret part. Documented examples, the Azure storage emulator's key among them, are notes.
     */
    @Test
    void standInsAreNoCredentialsAndPublishedExamplesAreExamples() {
        assertThat(kinds("AKIAXXXXXXXXXXXXXXXX")).isEmpty();
        assertThat(kinds("AKIAAAAABBBBCCCCDDDD")).as("entropy 2.3").isEmpty();
        assertThat(SecretScanner.entropy("AKIAXXXXXXXXXXXXXXXX")).isLessThan(3);
        assertThat(SecretScanner.entropy("AKIAIOSFODNN7EXAMPLE")).isGreaterThan(3);
        assertThat(kinds("t=ghp_" + "x".repeat(36))).isEmpty();
        assertThat(kinds("t=ghp_Zq3XbT0Pp" + "X".repeat(21))).isEmpty();
        assertThat(kinds("aws_secret_access_key = " + "x".repeat(40))).isEmpty();
        assertThat(kinds("AKIAXXXXXXXXXXXXXXXX\nsecret: " + "0".repeat(40))).isEmpty();
        assertThat(kinds("xoxb-0000000000-0000000000-" + "x".repeat(24))).isEmpty();
        // A canary with a few zeros at its end is still a token.
        assertThat(kinds("hooks.slack.com/services/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0000"))
                .containsExactly(SecretKind.SLACK_WEBHOOK_URL);
        assertThat(kinds("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")).isEmpty();
        assertThat(kinds("DefaultEndpointsProtocol=https;AccountName=app;AccountKey=" + "x".repeat(86) + "==")).isEmpty();
        // A short run of one character is what random tokens have.
        assertThat(kinds("t=ghp_Zq3XbT0PpK9mW2nR7vL5cYYYYF1gH4jS6aE0u")).containsExactly(SecretKind.GITHUB_PAT);
        assertThat(kinds("xoxb-1234567890-1234567890123-abcDEF")).containsExactly(SecretKind.SLACK_BOT_TOKEN);
        String azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlC"
                + "DXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/";
        assertThat(SecretScanner.scan(azurite)).singleElement().satisfies(m -> assertThat(m.example()).isTrue());
        assertThat(SecretScanner.scan("AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).singleElement()
                .satisfies(m -> assertThat(m.example()).isTrue());
        assertThat(SecretScanner.containsSecret(azurite)).isFalse();
    }

    @Test
    void aPemKeyNeedsABodyOfKeyMaterial() {
        String body = "MIIEowIBAAKCAQEAzq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0uB7t+/Zq3XbT0PpK9mW2nR7vL5cY8d";
        assertThat(kinds("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C\n\n"
                + body + "\n-----END RSA PRIVATE KEY-----\n")).containsExactly(SecretKind.PEM_PRIVATE_KEY);
        // In JSON, line breaks are written \n, headers too.
        assertThat(kinds("{\"k\": \"-----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\n\\n" + body
                + "\\n-----END RSA PRIVATE KEY-----\\n\"}")).containsExactly(SecretKind.PEM_PRIVATE_KEY);
        assertThat(kinds("-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n" + body + "\n=x1Y2\n"
                + "-----END PGP PRIVATE KEY BLOCK-----\n")).containsExactly(SecretKind.PEM_PRIVATE_KEY);
        // Stand-ins are no key, nor is a short body, and the search ends at the first text that is no key material.
        assertThat(kinds("-----BEGIN OPENSSH PRIVATE KEY-----\n<your private key here>\n-----END OPENSSH PRIVATE KEY-----\n"
                + "A public key looks like `-----BEGIN PUBLIC KEY-----`.")).isEmpty();
        assertThat(kinds("-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----\n")).isEmpty();
        assertThat(kinds("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n" + "  key: value\n".repeat(20)
                + "-----END RSA PRIVATE KEY-----")).isEmpty();
        // A BEGIN line passed over does not hide a key after it.
        assertThat(SecretScanner.scan("-----BEGIN RSA PRIVATE KEY-----\n<key>\n-----BEGIN EC PRIVATE KEY-----\n" + body
                + "\n-----END EC PRIVATE KEY-----\n")).singleElement().satisfies(m -> assertThat(m.span().line()).isEqualTo(3));
    }

    /** Key material of the right alphabet that is no run of one character (which is a stand-in). */
    private static final String PATTERNED = "QYQSZQGP".repeat(10);

    /** One text per kind that its pattern matches, some in the letter case the pattern ignores. */
    private static final java.util.Map<SecretKind, String> ONE_OF_EACH = java.util.Map.ofEntries(
            java.util.Map.entry(SecretKind.AGE_SECRET_KEY, "AGE-SECRET-KEY-1" + PATTERNED.substring(0, 58)),
            java.util.Map.entry(SecretKind.AGE_PQ_SECRET_KEY, "AGE-SECRET-KEY-PQ-1" + PATTERNED.substring(0, 30)),
            java.util.Map.entry(SecretKind.PEM_PRIVATE_KEY, "-----Begin RSA Private Key-----\n" + PATTERNED.substring(0, 70)
                    + "\n-----End RSA Private Key-----\n"),
            java.util.Map.entry(SecretKind.AWS_ACCESS_KEY_ID, "id: ASIA2E3MXQ7VWRUFP5XK"),
            java.util.Map.entry(SecretKind.AWS_SECRET_ACCESS_KEY,
                    "AWS_Secret_Access_Key = Zq3Xb/T0PpK9mW2nR7vL5cY8dF1gH4jS6aE0uB7t"),
            java.util.Map.entry(SecretKind.GITHUB_PAT, "ghp_Zq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0u"),
            java.util.Map.entry(SecretKind.GITHUB_FINE_GRAINED_PAT, "github_pat_" + "a1".repeat(41)),
            java.util.Map.entry(SecretKind.GITHUB_OAUTH, "gho_Zq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0u"),
            java.util.Map.entry(SecretKind.GITHUB_APP_TOKEN, "ghu_Zq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0u"),
            java.util.Map.entry(SecretKind.GITHUB_REFRESH_TOKEN, "ghr_Zq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0u"),
            java.util.Map.entry(SecretKind.SLACK_BOT_TOKEN, "xoxb-1234567890-1234567890123-abcDEF"),
            java.util.Map.entry(SecretKind.SLACK_USER_TOKEN,
                    "xoxp-1234567890-1234567890-1234567890-" + "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0"),
            java.util.Map.entry(SecretKind.SLACK_APP_TOKEN, "XAPP-1-A0B1C2-123-abc123"),
            java.util.Map.entry(SecretKind.SLACK_LEGACY_TOKEN, "xoxs-1-2-3-abcdef12"),
            java.util.Map.entry(SecretKind.SLACK_WEBHOOK_URL, "https://hooks.slack.com/services/" + "A1b2C3d4".repeat(6)),
            java.util.Map.entry(SecretKind.GCP_SERVICE_ACCOUNT_KEY,
                    "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN"),
            java.util.Map.entry(SecretKind.AZURE_STORAGE_CONNECTION_STRING, "defaultendpointsprotocol=https;ACCOUNTKEY="
                    + "Zq3Xb+T0PpK9mW2nR7vL5cY8dF1gH4jS6aE0uB7t".repeat(2) + "Qw3eRt=="));

    @Test
    void prefiltersNeverHideAMatch() {
        assertThat(ONE_OF_EACH).containsOnlyKeys(SecretKind.values());
        ONE_OF_EACH.forEach((kind, text) -> {
            assertThat(kind.pattern().matcher(text).find()).as("the sample of %s matches its pattern", kind).isTrue();
            assertThat(SecretScanner.mayContain(kind, text)).as("prefilter of %s", kind).isTrue();
            assertThat(SecretScanner.scan(text, kind.category())).as("%s found in its category", kind)
                    .anyMatch(m -> m.kind() == kind);
        });
    }

    @Test
    void containsIgnoreCaseIsLowerCaseContains() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "-BEGINbegin sSecretECRTxXaApP=kKyY\n";
        for (String needle : List.of("-----BEGIN", "secret", "xapp-", "AccountKey=")) {
            for (int n = 0; n < 20_000; n++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    text.append(random.nextInt(8) == 0 ? needle.charAt(random.nextInt(needle.length()))
                            : alphabet.charAt(random.nextInt(alphabet.length())));
                }
                if (random.nextInt(10) == 0) {
                    text.insert(random.nextInt(text.length() + 1), random.nextBoolean() ? needle.toUpperCase(
                            java.util.Locale.ROOT) : needle);
                }
                String t = text.toString();
                String lower = t.toLowerCase(java.util.Locale.ROOT);
                String lowerNeedle = needle.toLowerCase(java.util.Locale.ROOT);
                assertThat(SecretScanner.containsIgnoreCase(t, needle)).as("%s in %s", needle, t)
                        .isEqualTo(lower.contains(lowerNeedle));
                int from = random.nextInt(t.length() + 2);
                assertThat(SecretScanner.indexOfIgnoreCase(t, needle, from)).as("%s in %s from %d", needle, t, from)
                        .isEqualTo(lower.indexOf(lowerNeedle, from));
            }
        }
    }

    /** The AWS secret key is looked for only next to each "secret": it finds exactly what a plain search finds. */
    @Test
    void awsSecretKeysFoundNextToSecretAreThePlainSearchsMatches() {
        java.util.Random random = new java.util.Random(11);
        List<String> parts = List.of("aws_secret_access_key", "AWS-Secret-Key", "awssecretkey", "Secret_Access_Key",
                "secretaccesskey", "aws", "secret", "SECRET", "\u017fecret", "_", "-", "key", "access", ": ", "=", " ",
                "\n", "\"", "'", "Zq3Xb/T0PpK9mW2nR7vL5cY8dF1gH4jS6aE0uB7t", "Zq3Xb/T0PpK9mW2nR7vL5cY8dF1gH4jS6aE0uB7", "+",
                "x");
        java.util.regex.Pattern pattern = SecretKind.AWS_SECRET_ACCESS_KEY.pattern();
        int found = 0;
        for (int n = 0; n < 30_000; n++) {
            StringBuilder text = new StringBuilder();
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                text.append(parts.get(random.nextInt(parts.size())));
                if (random.nextInt(4) == 0) { // a key name, a separator and a value, each maybe broken
                    text.append(parts.get(random.nextInt(5))).append(random.nextBoolean() ? "\"" : "")
                            .append(random.nextBoolean() ? " : " : "=").append(random.nextBoolean() ? "'" : "")
                            .append(parts.get(19 + random.nextInt(2)));
                }
            }
            String t = text.toString();
            List<Integer> expected = new java.util.ArrayList<>();
            java.util.regex.Matcher m = pattern.matcher(t);
            while (m.find()) {
                expected.add(m.start(1));
            }
            found += expected.size();
            assertThat(SecretScanner.scan(t, SecretKind.Category.CLOUD_CREDENTIAL).stream()
                    .filter(s -> s.kind() == SecretKind.AWS_SECRET_ACCESS_KEY).map(SecretScanner.SecretMatch::start))
                    .as(t).containsExactlyElementsOf(expected);
        }
        assertThat(found).as("the random texts hold matches").isGreaterThan(1000);
    }

    @Test
    void scanningOneCategoryFindsWhatTheWholeScanFindsInIt() {
        String text = String.join("\n", ONE_OF_EACH.values()) + "\nAKIA2E3MXQ7VWRUFP5XK\nsecret: "
                + "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\n";
        for (SecretKind.Category category : SecretKind.Category.values()) {
            assertThat(SecretScanner.scan(text, category))
                    .containsExactlyElementsOf(SecretScanner.scan(text).stream().filter(m -> m.kind().category() == category)
                            .toList());
        }
    }

    @Test
    void positionsAreLineAndColumn() {
        SecretScanner.SecretMatch m = SecretScanner.scan("a\n  token: ghp_Zq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0u\n").get(0);
        assertThat(m.span().line()).isEqualTo(2);
        assertThat(m.span().column()).isEqualTo(10);
    }

    @Test
    void maskHidesEveryMatch() {
        String line = "token: ghp_Zq3XbT0PpK9mW2nR7vL5cY8dF1gH4jS6aE0u and AKIA2E3MXQ7VWRUFP5XK";
        assertThat(Mask.redact(line)).isEqualTo("token: ******** and ********");
        assertThat(Mask.entry("stringData.password")).isEqualTo("stringData.password: ********");
    }

    @Test
    void valueClasses() {
        assertThat(SecretValues.classify("${DB_PASSWORD}")).isEqualTo(SecretValues.Kind.PLACEHOLDER);
        assertThat(SecretValues.classify("postgres://${USER}:${PASS}@db:5432/app")).isEqualTo(SecretValues.Kind.PLACEHOLDER);
        assertThat(SecretValues.classify("postgres://admin:hunter2@${HOST}/app")).isEqualTo(SecretValues.Kind.LITERAL);
        assertThat(SecretValues.classify("$${NOT_SUBSTITUTED}")).isEqualTo(SecretValues.Kind.LITERAL);
        assertThat(SecretValues.classify("op://vault/item/field")).isEqualTo(SecretValues.Kind.REFERENCE);
        assertThat(SecretValues.classify("$__file{/etc/secrets/oauth/client_secret}")).isEqualTo(SecretValues.Kind.REFERENCE);
        assertThat(SecretValues.classify("$__env{GF_DB_PASSWORD}")).isEqualTo(SecretValues.Kind.REFERENCE);
        assertThat(SecretValues.classify("postgres://grafana:$__env{PW}@db/grafana")).isEqualTo(SecretValues.Kind.PLACEHOLDER);
        assertThat(SecretValues.classify("$(cat /run/secrets/token)")).isEqualTo(SecretValues.Kind.PLACEHOLDER);
        assertThat(SecretValues.classify("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))
                .isEqualTo(SecretValues.Kind.PUBLIC);
        assertThat(SecretValues.classify("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO84 ci@example"))
                .isEqualTo(SecretValues.Kind.PUBLIC);
        assertThat(SecretValues.classify("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
                + "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")).as("a key beside the certificate")
                .isEqualTo(SecretValues.Kind.LITERAL);
        assertThat(SecretValues.classify("# only a comment")).isEqualTo(SecretValues.Kind.LITERAL);
        assertThat(SecretValues.classify("<redacted>")).isEqualTo(SecretValues.Kind.STAND_IN);
        assertThat(SecretValues.classify("changeme")).isEqualTo(SecretValues.Kind.LITERAL);
        assertThat(SecretValues.classify("")).isEqualTo(SecretValues.Kind.EMPTY);
        assertThat(SecretValues.classify("- job_name: x\n  static_configs:\n    - targets: [a:9100]\n"))
                .isEqualTo(SecretValues.Kind.CONFIGURATION);
        assertThat(SecretValues.classify("auth:\n  password: hunter2\n")).isEqualTo(SecretValues.Kind.LITERAL);
    }

    @Test
    void credentialKeyNames() {
        for (String key : List.of("password", "DB_PASSWORD", "clientSecret", "client_secret", "apiKey", "API_KEY",
                "secretAccessKey", "adminPassword", "passwordSSH", "token", "GITHUB_TOKEN", "privateKey", "secretKey",
                "client-key-data", "DJANGO_SECRET_KEY", "GF_SECURITY_SECRET_KEY", "SECRET_KEY_BASE", "s3SecretKey",
                "v2Token")) {
            assertThat(CredentialKeys.isCredential(key)).as(key).isTrue();
        }
        for (String key : List.of("existingSecret", "passwordSecret", "secretName", "passwordFile", "tokenTTL",
                "secretKeyRef", "clientSecretKey", "accessKeyId", "username", "key", "passwordKey", "useExistingSecret",
                "gitCredentialsSecretKey", "CLIENT_SECRET_KEY_NAME", "AES256Key")) {
            assertThat(CredentialKeys.isCredential(key)).as(key).isFalse();
        }
    }

    @Test
    void urlCredentialsAreMasked() {
        assertThat(Mask.redact("remote resource 'https://oauth2:glpat-abc@gitlab.com/a/b//c?ref=main' is not fetched"))
                .isEqualTo("remote resource 'https://oauth2:********@gitlab.com/a/b//c?ref=main' is not fetched");
        assertThat(Mask.urls("git::https://u:p@ss@github.com/o/r.git//x?ref=v1"))
                .isEqualTo("git::https://u:********@github.com/o/r.git//x?ref=v1");
        assertThat(Mask.urls("url: https://tok3n@github.com/o/r and ssh://git@github.com/o/r, ssh://git:pw@h/r"))
                .isEqualTo("url: https://********@github.com/o/r and ssh://git@github.com/o/r, ssh://git:********@h/r");
        assertThat(Mask.urls("\"https://h/x.yaml?ref=main&token=abc&X-Amz-Signature=def&sig=g#frag\""))
                .isEqualTo("\"https://h/x.yaml?ref=main&token=********&X-Amz-Signature=********&sig=********#frag\"");
        assertThat(Mask.urls("https://h/p?access_token=a&private_token=b&X-Amz-Credential=c&page=2&key="))
                .isEqualTo("https://h/p?access_token=********&private_token=********&X-Amz-Credential=********&page=2&key=");
        // Digests, ports and e-mail addresses are no credentials.
        for (String kept : List.of("oci://ghcr.io:443/o/chart@sha256:0123abcd", "see https://example.com/a@b?q=1",
                "mail me@example.com: http://host:8080/x", "https://@host/", "no url: user:pass@host")) {
            assertThat(Mask.urls(kept)).isEqualTo(kept);
        }
    }
}
