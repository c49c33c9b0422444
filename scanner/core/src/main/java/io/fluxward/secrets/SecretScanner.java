package io.fluxward.secrets;

import io.fluxward.yaml.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds key material and credentials in text. Matches inside SOPS {@code ENC[...]} values and
 * inside armored encrypted blocks (age, PGP messages) are not reported: they are ciphertext.
 * Public keys and certificates never match. A match carries its position only; callers must not
 * print the matched text (use {@link Mask}).
 *
 * <p>Used by the secret rules (FW-S004, FW-S008) and by the history audit: the API is
 * {@link #scan(String)} for any text and {@link #scanBase64(String)} for a base64 value, such as a
 * Secret's {@code data} entry.
 */
public final class SecretScanner {

    /**
     * One finding.
     *
     * @param example true for documented example values (AWS {@code AKIAIOSFODNN7EXAMPLE}...):
     *                worth a note, not an alarm
     */
    public record SecretMatch(SecretKind kind, int start, int end, Span span, boolean example) {
    }

    private static final Pattern ENC = Pattern.compile("ENC\\[[^\\]\\n]*\\]?");
    private static final Pattern ARMORED = Pattern.compile(
            "-----BEGIN (AGE ENCRYPTED FILE|PGP MESSAGE)-----[\\s\\S]*?(?:-----END \\1-----|\\z)");
    private static final Pattern NEARBY_SECRET = Pattern.compile(
            "[:=]\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])");
    private static final int NEARBY_LINES = 5;

    private SecretScanner() {
    }

    /** Every credential and private key in {@code text}, in text order. */
    public static List<SecretMatch> scan(String text) {
        List<SecretMatch> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        List<int[]> excluded = excludedRegions(text);
        LineIndex lines = new LineIndex(text);
        for (SecretKind kind : SecretKind.values()) {
            if (!mayContain(kind, text)) {
                continue;
            }
            Matcher m = kind.pattern().matcher(text);
            while (m.find()) {
                int start = m.groupCount() > 0 && m.group(1) != null ? m.start(1) : m.start();
                int end = m.groupCount() > 0 && m.group(1) != null ? m.end(1) : m.end();
                if (inside(excluded, start, end)) {
                    continue;
                }
                String found = text.substring(start, end);
                out.add(new SecretMatch(kind, start, end, lines.span(start, end), isExample(found)));
            }
        }
        addSecretsNearAccessKeys(text, lines, excluded, out);
        out.sort(Comparator.comparingInt(SecretMatch::start).thenComparing(SecretMatch::kind));
        return out;
    }

    /**
     * Scans the decoded content of a base64 value (a Secret's {@code data} entry). Spans refer to
     * the decoded text; callers report at the value itself. Empty when the value is not base64.
     */
    public static List<SecretMatch> scanBase64(String value) {
        return decodeBase64(value).filter(d -> value.length() >= 16).map(SecretScanner::scan).orElse(List.of());
    }

    /** The UTF-8 text a standard-base64 value (line breaks allowed) decodes to; empty when it is not base64. */
    public static Optional<String> decodeBase64(String value) {
        String compact = value.replaceAll("\\s", "");
        if (compact.isEmpty() || !compact.matches("[A-Za-z0-9+/]+={0,2}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(compact), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True when the text holds a private key or credential (documented examples excluded). */
    public static boolean containsSecret(String text) {
        return scan(text).stream().anyMatch(m -> !m.example());
    }

    private static boolean mayContain(SecretKind kind, String text) {
        return switch (kind) {
            case AGE_SECRET_KEY, AGE_PQ_SECRET_KEY -> text.contains("AGE-SECRET-KEY-");
            case PEM_PRIVATE_KEY -> text.contains("-----BEGIN") || text.contains("-----begin");
            case GCP_SERVICE_ACCOUNT_KEY -> text.contains("service_account");
            case GITHUB_PAT, GITHUB_OAUTH, GITHUB_APP_TOKEN, GITHUB_REFRESH_TOKEN, GITHUB_FINE_GRAINED_PAT ->
                    text.contains("gh") || text.contains("github_pat_");
            case SLACK_BOT_TOKEN, SLACK_USER_TOKEN, SLACK_LEGACY_TOKEN -> text.contains("xox");
            case SLACK_APP_TOKEN -> text.contains("xapp-") || text.contains("XAPP-");
            case SLACK_WEBHOOK_URL -> text.contains("hooks.slack.com");
            case AZURE_STORAGE_CONNECTION_STRING -> text.contains("AccountKey=") || text.contains("accountkey=");
            default -> true;
        };
    }

    /** AWS secrets written without a telling key name, a few lines from an access key ID. */
    private static void addSecretsNearAccessKeys(String text, LineIndex lines, List<int[]> excluded,
                                                 List<SecretMatch> out) {
        List<SecretMatch> ids = out.stream().filter(m -> m.kind() == SecretKind.AWS_ACCESS_KEY_ID).toList();
        for (SecretMatch id : ids) {
            int from = lines.offsetOfLine(Math.max(1, id.span().line() - NEARBY_LINES));
            int to = lines.offsetOfLine(id.span().line() + NEARBY_LINES + 1);
            Matcher m = NEARBY_SECRET.matcher(text).region(from, to);
            while (m.find()) {
                int start = m.start(1);
                int end = m.end(1);
                String found = m.group(1);
                boolean mixed = found.chars().anyMatch(Character::isUpperCase) && found.chars().anyMatch(Character::isLowerCase)
                        && found.chars().anyMatch(c -> Character.isDigit(c) || c == '/' || c == '+');
                boolean known = out.stream().anyMatch(o -> o.start() <= start && o.end() >= end);
                if (mixed && !known && !inside(excluded, start, end)) {
                    out.add(new SecretMatch(SecretKind.AWS_SECRET_ACCESS_KEY, start, end, lines.span(start, end),
                            isExample(found) || id.example()));
                }
            }
        }
    }

    private static boolean isExample(String found) {
        return found.endsWith("EXAMPLE") || found.contains("EXAMPLEKEY");
    }

    private static List<int[]> excludedRegions(String text) {
        List<int[]> out = new ArrayList<>();
        if (text.contains("ENC[")) {
            Matcher m = ENC.matcher(text);
            while (m.find()) {
                out.add(new int[] {m.start(), m.end()});
            }
        }
        if (text.contains("-----BEGIN AGE ENCRYPTED FILE-----") || text.contains("-----BEGIN PGP MESSAGE-----")) {
            Matcher m = ARMORED.matcher(text);
            while (m.find()) {
                out.add(new int[] {m.start(), m.end()});
            }
        }
        return out;
    }

    private static boolean inside(List<int[]> regions, int start, int end) {
        for (int[] r : regions) {
            if (start < r[1] && end > r[0]) {
                return true;
            }
        }
        return false;
    }

    /** Offsets to 1-based line and code-point column. */
    static final class LineIndex {
        private final String text;
        private final int[] starts;

        LineIndex(String text) {
            this.text = text;
            List<Integer> s = new ArrayList<>();
            s.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    s.add(i + 1);
                }
            }
            starts = s.stream().mapToInt(Integer::intValue).toArray();
        }

        int line(int offset) {
            int lo = 0;
            int hi = starts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= offset) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo + 1;
        }

        int column(int offset, int line) {
            return text.codePointCount(starts[line - 1], offset) + 1;
        }

        int offsetOfLine(int line) {
            return line - 1 < starts.length ? starts[line - 1] : text.length();
        }

        Span span(int start, int end) {
            int l1 = line(start);
            int l2 = line(Math.max(start, end - 1));
            int c2 = column(end, l2);
            return new Span(l1, column(start, l1), l2, c2);
        }
    }
}
