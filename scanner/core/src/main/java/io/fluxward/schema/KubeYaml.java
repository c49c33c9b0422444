package io.fluxward.schema;

import io.fluxward.yaml.YScalar;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a Kubernetes client types a YAML scalar before it sends JSON to the API server.
 *
 * <p>kubectl, kustomize-controller and helm-controller decode manifests with
 * {@code sigs.k8s.io/yaml}, which reads YAML with its fork of go-yaml v2 and then converts to JSON.
 * go-yaml v2 keeps YAML 1.1 habits, so this class does too (and deliberately not the YAML 1.2 core
 * schema): plain {@code yes}, {@code no}, {@code on}, {@code off}, {@code y} and {@code n} (in
 * their three spellings) are booleans, {@code 0777} is octal, {@code 1_000} is an integer, and
 * timestamps such as {@code 2024-01-02} stay strings. Quoted and block scalars are always strings, and so are
 * scalars with an explicit {@code !!str} tag. A float with an integral value is sent as an integer
 * (Go's JSON encoder prints {@code 1.0} as {@code 1}). Infinity and NaN cannot be JSON and are
 * kept as strings.
 */
public final class KubeYaml {

    private static final Map<String, Object> WORDS = Map.ofEntries(
            Map.entry("y", true), Map.entry("Y", true), Map.entry("yes", true), Map.entry("Yes", true),
            Map.entry("YES", true), Map.entry("true", true), Map.entry("True", true), Map.entry("TRUE", true),
            Map.entry("on", true), Map.entry("On", true), Map.entry("ON", true),
            Map.entry("n", false), Map.entry("N", false), Map.entry("no", false), Map.entry("No", false),
            Map.entry("NO", false), Map.entry("false", false), Map.entry("False", false), Map.entry("FALSE", false),
            Map.entry("off", false), Map.entry("Off", false), Map.entry("OFF", false));
    private static final java.util.Set<String> NULLS = java.util.Set.of("", "~", "null", "Null", "NULL");
    private static final java.util.Set<String> NOT_FINITE = java.util.Set.of(".nan", ".NaN", ".NAN", ".inf", ".Inf",
            ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final String CORE = "tag:yaml.org,2002:";

    /** The JSON null marker used by the JSON library. */
    public static final Object NULL = org.json.JSONObject.NULL;

    private KubeYaml() {
    }

    /**
     * The JSON value of a scalar as go-yaml v2 reads it (kustomize reading a kustomization file, {@code kubectl apply
     * -f}): Boolean, Integer, Long, BigInteger, Double, String or {@link #NULL}.
     */
    public static Object value(YScalar scalar) {
        return value(scalar, false);
    }

    /**
     * The JSON value of a scalar of a manifest Flux applies, as the API server receives it. kustomize-controller
     * always runs kustomize build, which reads manifests with go-yaml v3 and prints the YAML 1.1-only boolean words
     * quoted ({@code on: "on"}, checked with kubectl kustomize), so {@code yes}, {@code on}... arrive as strings;
     * numbers keep go-yaml v2's forms ({@code 0400} is 256, {@code 1_000} is 1000).
     */
    public static Object applied(YScalar scalar) {
        return value(scalar, true);
    }

    private static Object value(YScalar scalar, boolean applied) {
        String tag = scalar.tag().map(KubeYaml::shortTag).orElse("");
        if (tag.equals("str") || tag.equals("binary")) {
            return scalar.value();
        }
        if (!tag.isEmpty() && !tag.equals("int") && !tag.equals("float") && !tag.equals("bool") && !tag.equals("null")) {
            return scalar.value(); // a custom tag: go-yaml leaves the text as it is
        }
        // An explicit core tag types even a quoted scalar (!!int "3" is 3); without one, quoting makes a string.
        if (scalar.style() != YScalar.Style.PLAIN && tag.isEmpty() || scalar.value().isEmpty() && !tag.isEmpty()
                && !tag.equals("null")) {
            return scalar.value();
        }
        if (applied && tag.isEmpty() && isYaml11Boolean(scalar)) {
            return scalar.value();
        }
        return resolvePlain(scalar.value());
    }

    /** The JSON object key a scalar key of a manifest Flux applies becomes (see {@link #applied}). */
    public static Optional<String> appliedKey(YScalar scalar) {
        return key(applied(scalar));
    }

    /** The JSON object key a scalar key becomes (go-yaml types keys too; JSON keys are strings). */
    public static Optional<String> key(YScalar scalar) {
        return key(value(scalar));
    }

    private static Optional<String> key(Object v) {
        if (v == NULL) {
            return Optional.empty();
        }
        if (v instanceof Double d) {
            return Optional.of(d.toString());
        }
        return Optional.of(String.valueOf(v));
    }

    /** Resolves the text of a plain scalar as go-yaml v2 does. */
    static Object resolvePlain(String in) {
        if (NULLS.contains(in)) {
            return NULL;
        }
        Object word = WORDS.get(in);
        if (word != null) {
            return word;
        }
        if (NOT_FINITE.contains(in)) {
            return in;
        }
        char first = in.charAt(0);
        if (first == '.') {
            return FLOAT.matcher(in).matches() ? number(Double.parseDouble(in)) : in;
        }
        if (!(first >= '0' && first <= '9') && first != '-' && first != '+') {
            return in;
        }
        String plain = in.replace("_", "");
        Optional<BigInteger> integer = goInteger(plain);
        if (integer.isPresent()) {
            return narrow(integer.get());
        }
        if (FLOAT.matcher(plain).matches()) {
            return number(Double.parseDouble(plain));
        }
        return in;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)} and {@code ParseUint}: sign, then 0x, 0o, 0b or a leading 0 for octal. */
    static Optional<BigInteger> goInteger(String s) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        boolean negative = false;
        String t = s;
        if (t.charAt(0) == '+' || t.charAt(0) == '-') {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 2 && t.charAt(0) == '0' && "xXoObB".indexOf(t.charAt(1)) >= 0) {
            char p = Character.toLowerCase(t.charAt(1));
            radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
            t = t.substring(2);
        } else if (t.length() > 1 && t.charAt(0) == '0') {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty() || t.length() > 70) {
            return Optional.empty();
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), radix) < 0) {
                return Optional.empty();
            }
        }
        BigInteger v = new BigInteger(t, radix);
        if (negative) {
            v = v.negate();
        }
        boolean fitsSigned = v.bitLength() < 64;
        boolean fitsUnsigned = v.signum() >= 0 && v.bitLength() <= 64;
        return fitsSigned || fitsUnsigned ? Optional.of(v) : Optional.empty();
    }

    private static Object number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return narrow(BigInteger.valueOf((long) d));
        }
        return d;
    }

    /** The narrowest of Integer, Long and BigInteger, as the JSON library itself parses numbers. */
    private static Object narrow(BigInteger b) {
        if (b.bitLength() < 32) {
            return b.intValue();
        }
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private static String shortTag(String tag) {
        if (tag.startsWith(CORE)) {
            return tag.substring(CORE.length());
        }
        if (tag.startsWith("!!")) {
            return tag.substring(2);
        }
        return tag;
    }

    /** The JSON type name of a converted value, for messages. */
    public static String typeName(Object value) {
        if (value == null || value == NULL) {
            return "null";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Long || value instanceof BigInteger || value instanceof Integer) {
            return "integer";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof org.json.JSONArray) {
            return "array";
        }
        return "object";
    }

    /** True for a plain scalar that go-yaml v2 reads as a boolean although YAML 1.2 (go-yaml v3) reads a string. */
    public static boolean isYaml11Boolean(YScalar scalar) {
        return scalar.style() == YScalar.Style.PLAIN && WORDS.containsKey(scalar.value())
                && !scalar.value().equalsIgnoreCase("true") && !scalar.value().equalsIgnoreCase("false");
    }
}
