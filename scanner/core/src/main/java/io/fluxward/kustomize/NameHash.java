package io.fluxward.kustomize;

import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content hash kustomize appends to generated ConfigMap and Secret names: SHA-256 over a JSON
 * encoding (Go's {@code encoding/json}, keys sorted) of kind, type, data and binary/string data,
 * first ten hex digits with {@code 0 1 3 a e} replaced by {@code g h k m t}. kustomize looks the
 * name up with a path that never matches, so the name part is always empty; this is reproduced so
 * that names equal kustomize's.
 */
final class NameHash {

    private NameHash() {
    }

    /** The suffix for a generated object ({@code secretData}: the real values of a generated Secret, else null). */
    static String of(YMap object, Map<String, String> secretData) {
        String kind = object.get("kind").textOr("");
        StringBuilder json = new StringBuilder("{");
        if (kind.equals("Secret")) {
            appendField(json, "data", secretData != null ? secretData : stringMap(object.get("data")),
                    object.get("data"));
            json.append(",\"kind\":\"Secret\",\"name\":\"\"");
            if (object.get("stringData").isMap()) {
                json.append(",\"stringData\":");
                appendMap(json, stringMap(object.get("stringData")));
            }
            json.append(",\"type\":");
            appendString(json, object.get("type").textOr(""));
        } else {
            if (object.get("binaryData").isMap()) {
                json.append("\"binaryData\":");
                appendMap(json, stringMap(object.get("binaryData")));
                json.append(',');
            }
            appendField(json, "data", stringMap(object.get("data")), object.get("data"));
            json.append(",\"kind\":");
            appendString(json, kind.equals("ConfigMap") ? "ConfigMap" : kind);
            json.append(",\"name\":\"\"");
        }
        json.append('}');
        return encode(sha256Hex(json.toString()));
    }

    private static void appendField(StringBuilder json, String name, Map<String, String> values, YNode node) {
        json.append('"').append(name).append("\":");
        if (node.isMap() || !values.isEmpty()) {
            appendMap(json, values);
        } else {
            json.append("\"\"");
        }
    }

    private static Map<String, String> stringMap(YNode node) {
        Map<String, String> out = new TreeMap<>();
        if (node instanceof YMap m) {
            for (YEntry e : Nodes.entries(m)) {
                out.put(e.keyText(), e.value().textOr(""));
            }
        }
        return out;
    }

    private static void appendMap(StringBuilder json, Map<String, String> values) {
        json.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            appendString(json, e.getKey());
            json.append(':');
            appendString(json, e.getValue());
        }
        json.append('}');
    }

    /** A JSON string as Go's encoding/json writes it (HTML-safe escapes, \b and \f as in Go 1.22+). */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String encode(String hex) {
        StringBuilder out = new StringBuilder(10);
        for (char c : hex.substring(0, 10).toCharArray()) {
            out.append(switch (c) {
                case '0' -> 'g';
                case '1' -> 'h';
                case '3' -> 'k';
                case 'a' -> 'm';
                case 'e' -> 't';
                default -> c;
            });
        }
        return out.toString();
    }
}
