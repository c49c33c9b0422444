package io.fluxward.sops;

import io.fluxward.model.Words;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SOPS-encrypted value, {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]}, checked as strictly
 * as sops 3.x writes it: standard base64 everywhere, a 32-byte IV, a 16-byte GCM tag and one of
 * the value types sops knows. Problems are described without quoting the value.
 */
public final class EncValue {

    /** The value types sops writes after {@code type:}. */
    public static final Set<String> TYPES = Set.of("str", "int", "float", "bool", "bytes", "time", "comment");

    /** The prefix every encrypted value starts with; anything starting with it is meant to be encrypted. */
    public static final String PREFIX = "ENC[";

    private static final int IV_BYTES = 32;
    private static final int TAG_BYTES = 16;
    // Same shape as sops' own regex (aes/cipher.go), but with each field bounded to its own characters,
    // so a value with a field missing is reported as such instead of swallowed by a greedy group.
    private static final Pattern FIELDS = Pattern.compile(
            "^ENC\\[AES256_GCM,data:([^,\\]]*),iv:([^,\\]]*),tag:([^,\\]]*),type:([^,\\]]*)\\]$");

    private EncValue() {
    }

    /** True when {@code text} is meant to be an encrypted value (valid or not). */
    public static boolean looksEncrypted(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /** True for a well-formed encrypted value. */
    public static boolean isValid(String text) {
        return looksEncrypted(text) && problem(text).isEmpty();
    }

    /**
     * Why {@code text} is not a well-formed encrypted value, or empty when it is. Only meaningful
     * for values that {@link #looksEncrypted(String) look encrypted}. The reason never quotes the value.
     */
    public static Optional<String> problem(String text) {
        if (!looksEncrypted(text)) {
            return Optional.of("does not start with ENC[");
        }
        String trimmed = text.strip();
        if (!trimmed.endsWith("]")) {
            return Optional.of("is not closed with ']'");
        }
        if (!trimmed.startsWith("ENC[AES256_GCM,")) {
            return Optional.of("does not name the AES256_GCM cipher");
        }
        Matcher m = FIELDS.matcher(trimmed);
        if (!m.matches()) {
            for (String field : new String[] {"data:", "iv:", "tag:", "type:"}) {
                if (!trimmed.contains("," + field)) {
                    return Optional.of("has no " + field.substring(0, field.length() - 1) + " field");
                }
            }
            return Optional.of("has its fields out of the order data, iv, tag, type");
        }
        if (m.group(1).isEmpty()) {
            return Optional.of("has an empty data field");
        }
        Optional<String> data = base64Problem("data", m.group(1), -1);
        if (data.isPresent()) {
            return data;
        }
        Optional<String> iv = base64Problem("iv", m.group(2), IV_BYTES);
        if (iv.isPresent()) {
            return iv;
        }
        Optional<String> tag = base64Problem("tag", m.group(3), TAG_BYTES);
        if (tag.isPresent()) {
            return tag;
        }
        if (!TYPES.contains(m.group(4))) {
            return Optional.of("has an unknown type (sops writes one of str, int, float, bool, bytes, time, comment)");
        }
        return Optional.empty();
    }

    private static Optional<String> base64Problem(String field, String value, int expectedBytes) {
        if (value.isEmpty()) {
            return Optional.of("has an empty " + field + " field");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return Optional.of("has " + Words.a(field) + " field that is not valid base64");
        }
        if (expectedBytes > 0 && bytes.length != expectedBytes) {
            return Optional.of("has " + Words.a(field) + " of " + bytes.length + " bytes (sops writes " + expectedBytes + ")");
        }
        return Optional.empty();
    }

    /** The {@code type:} of a well-formed value ({@code str}, {@code int}...), if it has one. */
    public static Optional<String> type(String text) {
        if (!looksEncrypted(text)) {
            return Optional.empty();
        }
        Matcher m = FIELDS.matcher(text.strip());
        return m.matches() ? Optional.of(m.group(4)) : Optional.empty();
    }
}
