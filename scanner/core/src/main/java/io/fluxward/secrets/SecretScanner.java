package io.fluxward.secrets;

import io.fluxward.yaml.LineBreaks;
import io.fluxward.yaml.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds key material and credentials in text. Matches inside SOPS {@code ENC[...]} values and
 * inside armored encrypted blocks (age, PGP messages) are not reported: they are ciphertext.
 * Public keys and certificates never match. A match carries its position only; callers must not
 * print the matched text (use {@link Mask}).
 *
 * <p>Used by the secret rules (FW-S004, FW-S008) and by the history audit: the API is
 * {@link #scan(String)} for any text and {@link #scanBase64(String, String)} for a base64 value, such as a
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

        /**
         * The credential matched in {@code text} (the text scanned), as a value: a PEM key without its layout, that is
         * each line stripped and blank lines and line ends left out (JSON's escaped {@code \n} too). The same key
         * checked out with CRLF line ends, re-indented in a YAML block or written as a JSON string is the same value,
         * so it keeps its fingerprint; another key is another value.
         */
        public String value(String text) {
            String found = text.substring(start, end);
            if (kind != SecretKind.PEM_PRIVATE_KEY) {
                return found;
            }
            return SecretValues.withoutLayout(found.replace("\\r", "\n").replace("\\n", "\n"));
        }
    }

    private static final Pattern ENC = Pattern.compile("ENC\\[[^\\]\\n]*\\]?");
    private static final Pattern ARMORED = Pattern.compile(
            "-----BEGIN (AGE ENCRYPTED FILE|PGP MESSAGE)-----[\\s\\S]*?(?:-----END \\1-----|\\z)");
    private static final Pattern NEARBY_SECRET = Pattern.compile(
            "[:=]\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])");
    private static final int NEARBY_LINES = 5;
    private static final Pattern PEM_END = Pattern.compile("(?i)-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern PEM_HEADER = Pattern.compile("[A-Za-z][A-Za-z-]*: .*");
    private static final Pattern BASE64_LINE = Pattern.compile("[A-Za-z0-9+/=]+");
    /** The shortest run of one character that counts towards a stand-in (see {@link #isStandIn}). */
    private static final int STAND_IN_RUN = 4;
    /** The well-known key of the Azure storage emulator's account {@code devstoreaccount1} (public, not a secret). */
    private static final String AZURITE_ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private SecretScanner() {
    }

    /** Every credential and private key in {@code text}, in text order. */
    public static List<SecretMatch> scan(String text) {
        return scan(text, EnumSet.allOf(SecretKind.Category.class));
    }

    /**
     * The matches of one category only (what one rule reports): the same matches as {@link #scan(String)}
     * filtered to the category, for about half the work.
     */
    public static List<SecretMatch> scan(String text, SecretKind.Category category) {
        return scan(text, EnumSet.of(category));
    }

    private static List<SecretMatch> scan(String text, Set<SecretKind.Category> categories) {
        List<SecretMatch> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        List<int[]> excluded = excludedRegions(text);
        LineIndex lines = new LineIndex(text);
        for (SecretKind kind : SecretKind.values()) {
            if (categories.contains(kind.category()) && mayContain(kind, text)) {
                addMatches(kind, text, excluded, lines, out);
            }
        }
        if (categories.contains(SecretKind.Category.CLOUD_CREDENTIAL)) {
            addSecretsNearAccessKeys(text, lines, excluded, out, categories);
        }
        out.sort(Comparator.comparingInt(SecretMatch::start).thenComparing(SecretMatch::kind));
        return out;
    }

    private static void addMatches(SecretKind kind, String text, List<int[]> excluded, LineIndex lines,
                                   List<SecretMatch> out) {
        Matcher m = kind.pattern().matcher(text);
        if (kind == SecretKind.AWS_SECRET_ACCESS_KEY) {
            addAwsSecretKeyMatches(m, text, excluded, lines, out);
            return;
        }
        if (kind == SecretKind.PEM_PRIVATE_KEY) {
            addPemMatches(m, text, excluded, lines, out);
            return;
        }
        while (m.find()) {
            add(kind, m, text, excluded, lines, out);
        }
    }

    /**
     * The matches {@code find()} would give, found by trying the pattern only where it can start: every
     * match holds {@code secret} (ASCII letters, any case) 0, 3 or 4 characters from its start ({@code
     * secret_access_key}, {@code aws_secret...}, {@code awssecret...}). A case-insensitive regex with a
     * leading alternation is otherwise tried at every offset of every file that mentions a secret.
     */
    private static void addAwsSecretKeyMatches(Matcher m, String text, List<int[]> excluded, LineIndex lines,
                                               List<SecretMatch> out) {
        m.useTransparentBounds(true);
        int next = 0;
        for (int i = indexOfIgnoreCase(text, "secret", 0); i >= 0; i = indexOfIgnoreCase(text, "secret", i + 1)) {
            for (int start : new int[] {i - 4, i - 3, i}) {
                if (start < next) {
                    continue;
                }
                m.region(start, text.length());
                if (m.lookingAt()) {
                    add(SecretKind.AWS_SECRET_ACCESS_KEY, m, text, excluded, lines, out);
                    next = m.end();
                    break;
                }
            }
        }
    }

    /**
     * PEM private keys: from a BEGIN line to the first END line after it, when the body between is key material.
     * A BEGIN line without one (a stand-in, a key cut short) is passed over, so a real key after it still counts.
     */
    private static void addPemMatches(Matcher begin, String text, List<int[]> excluded, LineIndex lines,
                                      List<SecretMatch> out) {
        Matcher end = PEM_END.matcher(text);
        while (begin.find()) {
            if (!end.find(begin.end()) || !isKeyBody(text.substring(begin.end(), end.start()))) {
                continue;
            }
            if (!inside(excluded, begin.start(), end.end())) {
                String found = text.substring(begin.start(), end.end());
                out.add(new SecretMatch(SecretKind.PEM_PRIVATE_KEY, begin.start(), end.end(),
                        lines.span(begin.start(), end.end()), isExample(found)));
            }
            begin.region(end.end(), text.length());
        }
    }

    /**
     * Key material, as gitleaks asks of a PEM body (64 characters at least), and only base64 and line breaks
     * (JSON's {@code \n} too) besides header lines ({@code Proc-Type: 4,ENCRYPTED}, {@code Version: GnuPG}):
     * {@code <your private key here>} or {@code ...} is a stand-in, not a key, and so is a body written over with
     * runs of one character ({@code XXXX...}): a real body has runs of {@code A} (zero bytes), never half of it.
     */
    static boolean isKeyBody(String body) {
        if (body.length() < 64) {
            return false;
        }
        boolean data = false;
        StringBuilder base64 = new StringBuilder();
        for (String line : body.replace("\\n", "\n").replace("\\r", "\n").split("\n")) {
            String l = line.strip();
            if (BASE64_LINE.matcher(l).matches()) {
                data = true;
                base64.append(l);
            } else if (!l.isEmpty() && (data || !PEM_HEADER.matcher(l).matches())) {
                // Headers come before the data only.
                return false;
            }
        }
        return data && !mostlyRuns(base64.toString());
    }

    private static void add(SecretKind kind, Matcher m, String text, List<int[]> excluded, LineIndex lines,
                            List<SecretMatch> out) {
        int start = m.groupCount() > 0 && m.group(1) != null ? m.start(1) : m.start();
        int end = m.groupCount() > 0 && m.group(1) != null ? m.end(1) : m.end();
        if (inside(excluded, start, end)) {
            return;
        }
        String found = text.substring(start, end);
        if (isStandIn(kind, found)) {
            return;
        }
        out.add(new SecretMatch(kind, start, end, lines.span(start, end), isExample(found)));
    }

    /**
     * A token that only has a credential's shape: below its rule's entropy threshold (gitleaks drops those,
     * {@code AKIAXXXXXXXXXXXXXXXX}), or a stand-in written over the secret part ({@code ghp_xxxx...},
     * {@code hooks.slack.com/services/T00000000/B00000000/XXXX...}, {@code AccountKey=AAAA...==}): runs of one
     * character, four or more long, make up half of it or more, which no random token does. So is an age identity
     * written over the same way ({@code AGE-SECRET-KEY-1XXXX...}, as documentation shows the format). PEM bodies are
     * judged by {@link #isKeyBody}.
     */
    static boolean isStandIn(SecretKind kind, String found) {
        if (kind.minEntropy() > 0 && entropy(found) < kind.minEntropy()) {
            return true;
        }
        if (kind == SecretKind.AGE_SECRET_KEY || kind == SecretKind.AGE_PQ_SECRET_KEY) {
            return mostlyRuns(found.substring(found.lastIndexOf('1') + 1));
        }
        if (kind.category() != SecretKind.Category.CLOUD_CREDENTIAL || kind == SecretKind.GCP_SERVICE_ACCOUNT_KEY) {
            return false;
        }
        String secret = found;
        if (kind == SecretKind.AZURE_STORAGE_CONNECTION_STRING) {
            secret = found.substring(indexOfIgnoreCase(found, "AccountKey=", 0) + "AccountKey=".length());
        } else if (kind == SecretKind.SLACK_WEBHOOK_URL) {
            int host = found.indexOf("hooks.slack.com/") + "hooks.slack.com/".length();
            secret = found.substring(found.indexOf('/', host) + 1);
        }
        return mostlyRuns(secret);
    }

    /** Runs of one character, four or more long, make up half of {@code secret} or more: no random secret does. */
    private static boolean mostlyRuns(String secret) {
        return 2 * inRuns(secret) >= secret.length();
    }

    /** Shannon entropy in bits per character, as gitleaks computes it for its {@code entropy} thresholds. */
    static double entropy(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < s.length(); i++) {
            counts.merge(s.charAt(i), 1, Integer::sum);
        }
        double bits = 0;
        for (int c : counts.values()) {
            double p = (double) c / s.length();
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }

    /** How many characters of {@code s} are in runs of one character four or more long ({@code xxxx}, {@code 0000}). */
    private static int inRuns(String s) {
        int total = 0;
        int run = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i < s.length() && i > 0 && s.charAt(i) == s.charAt(i - 1)) {
                run++;
                continue;
            }
            total += run >= STAND_IN_RUN ? run : 0;
            run = 1;
        }
        return total;
    }

    /**
     * Scans the decoded content of a base64 value (a Secret's {@code data} entry {@code key}), read as
     * {@code key: decoded} so that patterns told by the key name ({@code AWS_SECRET_ACCESS_KEY}) count as
     * they do in plain text. Only matches in the value; spans refer to that combined text, so callers
     * report at the value itself. Empty when the value is not base64.
     */
    public static List<SecretMatch> scanBase64(String key, String value) {
        Optional<String> decoded = decodeBase64(value).filter(d -> value.length() >= 16);
        if (decoded.isEmpty()) {
            return List.of();
        }
        String prefix = key + ": ";
        return scan(prefix + decoded.get()).stream().filter(m -> m.start() >= prefix.length()).toList();
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

    /**
     * A cheap test that rules a kind out: each literal here occurs in every match of the kind's pattern
     * (case-insensitively where the pattern is), so skipping the regex when it is absent loses nothing.
     * Most files hold none of them, and running 17 regular expressions over every file was most of a scan.
     */
    static boolean mayContain(SecretKind kind, String text) {
        return switch (kind) {
            case AGE_SECRET_KEY, AGE_PQ_SECRET_KEY -> text.contains("AGE-SECRET-KEY-");
            case PEM_PRIVATE_KEY -> containsIgnoreCase(text, "-----BEGIN");
            case AWS_ACCESS_KEY_ID -> text.contains("A3T") || text.contains("AKIA") || text.contains("ASIA")
                    || text.contains("ABIA") || text.contains("ACCA");
            case AWS_SECRET_ACCESS_KEY -> containsIgnoreCase(text, "secret");
            case GCP_SERVICE_ACCOUNT_KEY -> text.contains("service_account");
            case GITHUB_PAT -> text.contains("ghp_");
            case GITHUB_OAUTH -> text.contains("gho_");
            case GITHUB_APP_TOKEN -> text.contains("ghu_") || text.contains("ghs_");
            case GITHUB_REFRESH_TOKEN -> text.contains("ghr_");
            case GITHUB_FINE_GRAINED_PAT -> text.contains("github_pat_");
            case SLACK_BOT_TOKEN, SLACK_USER_TOKEN, SLACK_LEGACY_TOKEN -> text.contains("xox");
            case SLACK_APP_TOKEN -> containsIgnoreCase(text, "xapp-");
            case SLACK_WEBHOOK_URL -> text.contains("hooks.slack.com");
            case AZURE_STORAGE_CONNECTION_STRING -> containsIgnoreCase(text, "AccountKey=");
        };
    }

    /**
     * {@code text.toLowerCase().contains(needle.toLowerCase())} for an ASCII needle, without copying
     * the text. Candidates are found with {@code indexOf} (a fast scan): of the needle's leading
     * non-letters ({@code -----} of {@code -----BEGIN}: a single {@code -} is on most YAML lines), or
     * of either case of its first letter.
     */
    static boolean containsIgnoreCase(String text, String needle) {
        return indexOfIgnoreCase(text, needle, 0) >= 0;
    }

    /** Where {@link #containsIgnoreCase} finds {@code needle} first at or after {@code from}; -1 when nowhere. */
    static int indexOfIgnoreCase(String text, String needle, int from) {
        int last = text.length() - needle.length();
        int lead = 0;
        while (lead < needle.length() && !Character.isLetter(needle.charAt(lead))) {
            lead++;
        }
        if (lead > 0) {
            String literal = needle.substring(0, lead);
            for (int i = text.indexOf(literal, from); i >= 0 && i <= last; i = text.indexOf(literal, i + 1)) {
                if (text.regionMatches(true, i, needle, 0, needle.length())) {
                    return i;
                }
            }
            return -1;
        }
        char upper = Character.toUpperCase(needle.charAt(0));
        char lower = Character.toLowerCase(needle.charAt(0));
        int nextUpper = text.indexOf(upper, from);
        int nextLower = text.indexOf(lower, from);
        while (nextUpper >= 0 || nextLower >= 0) {
            int i = nextUpper < 0 ? nextLower : nextLower < 0 ? nextUpper : Math.min(nextUpper, nextLower);
            if (i > last) {
                return -1;
            }
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
            if (i == nextUpper) {
                nextUpper = text.indexOf(upper, i + 1);
            }
            if (i == nextLower) {
                nextLower = text.indexOf(lower, i + 1);
            }
        }
        return -1;
    }

    /** AWS secrets written without a telling key name, a few lines from an access key ID. */
    private static void addSecretsNearAccessKeys(String text, LineIndex lines, List<int[]> excluded,
                                                 List<SecretMatch> out, Set<SecretKind.Category> categories) {
        List<SecretMatch> ids = out.stream().filter(m -> m.kind() == SecretKind.AWS_ACCESS_KEY_ID).toList();
        // A candidate inside another match is that match; key material counts even when not asked for.
        List<SecretMatch> keys = new ArrayList<>();
        if (!ids.isEmpty() && !categories.contains(SecretKind.Category.KEY_MATERIAL)) {
            for (SecretKind kind : SecretKind.values()) {
                if (kind.category() == SecretKind.Category.KEY_MATERIAL && mayContain(kind, text)) {
                    addMatches(kind, text, excluded, lines, keys);
                }
            }
        }
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
                boolean known = java.util.stream.Stream.concat(out.stream(), keys.stream())
                        .anyMatch(o -> o.start() <= start && o.end() >= end);
                if (mixed && !known && !inside(excluded, start, end) && !isStandIn(SecretKind.AWS_SECRET_ACCESS_KEY, found)) {
                    out.add(new SecretMatch(SecretKind.AWS_SECRET_ACCESS_KEY, start, end, lines.span(start, end),
                            isExample(found) || id.example()));
                }
            }
        }
    }

    /**
     * Published example values: AWS documentation's {@code AKIAIOSFODNN7EXAMPLE} and
     * {@code wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}, and the fixed account key of Azure's storage emulators
     * (Azurite, {@code devstoreaccount1}), which Microsoft publishes for local development.
     */
    private static boolean isExample(String found) {
        return found.endsWith("EXAMPLE") || found.contains("EXAMPLEKEY") || found.contains(AZURITE_ACCOUNT_KEY);
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
        /** Built on first use: most texts have no match, and then no line is ever asked for. */
        private int[] starts;

        LineIndex(String text) {
            this.text = text;
        }

        private int[] starts() {
            if (starts == null) {
                starts = LineBreaks.lineStarts(text);
            }
            return starts;
        }

        int line(int offset) {
            int lo = 0;
            int[] lineStarts = starts();
            int hi = lineStarts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (lineStarts[mid] <= offset) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo + 1;
        }

        int column(int offset, int line) {
            return text.codePointCount(starts()[line - 1], offset) + 1;
        }

        int offsetOfLine(int line) {
            int[] lineStarts = starts();
            return line - 1 < lineStarts.length ? lineStarts[line - 1] : text.length();
        }

        Span span(int start, int end) {
            int l1 = line(start);
            int l2 = line(Math.max(start, end - 1));
            int c2 = column(end, l2);
            return new Span(l1, column(start, l1), l2, c2);
        }
    }
}
