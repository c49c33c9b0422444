package io.fluxward.kustomize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector string ({@code app=web,tier!=db,env in (a,b),!legacy}) as kustomize
 * parses it for {@code labelSelector} and {@code annotationSelector} (apimachinery's
 * {@code labels.Parse}): comma-separated requirements that must all hold.
 */
public final class LabelSelector {

    /** The selector that matches everything (an empty string). */
    static final LabelSelector ALL = new LabelSelector(List.of());

    private static final Pattern SET = Pattern.compile("\\s*([^\\s!=<>(),]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*");
    private static final Pattern BINARY = Pattern.compile("\\s*([^\\s!=<>(),]+)\\s*(==|!=|=|>|<)\\s*([^\\s!=<>(),]*)\\s*");
    private static final Pattern EXISTS = Pattern.compile("\\s*(!?)\\s*([^\\s!=<>(),]+)\\s*");

    private enum Op { EXISTS, NOT_EXISTS, EQUALS, NOT_EQUALS, IN, NOT_IN, GREATER, LESS }

    private record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (op) {
                case EXISTS -> value != null;
                case NOT_EXISTS -> value == null;
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case GREATER, LESS -> compare(value);
            };
        }

        private boolean compare(String value) {
            if (value == null) {
                return false;
            }
            try {
                long have = Long.parseLong(value);
                long want = Long.parseLong(values.iterator().next());
                return op == Op.GREATER ? have > want : have < want;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException with a short reason when the text is not a selector
     */
    public static LabelSelector parse(String text) {
        if (text.isBlank()) {
            return ALL;
        }
        List<Requirement> out = new ArrayList<>();
        for (String part : split(text)) {
            out.add(requirement(part));
        }
        return new LabelSelector(List.copyOf(out));
    }

    /** True for the empty selector, which every object matches (its labels need not be read). */
    boolean matchesAll() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Splits at commas outside parentheses. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Requirement requirement(String part) {
        Matcher m = SET.matcher(part);
        if (m.matches()) {
            Set<String> values = new TreeSet<>();
            for (String v : m.group(3).split(",")) {
                values.add(v.strip());
            }
            return new Requirement(m.group(1), m.group(2).equals("in") ? Op.IN : Op.NOT_IN, values);
        }
        m = BINARY.matcher(part);
        if (m.matches()) {
            Op op = switch (m.group(2)) {
                case "!=" -> Op.NOT_EQUALS;
                case ">" -> Op.GREATER;
                case "<" -> Op.LESS;
                default -> Op.EQUALS;
            };
            return new Requirement(m.group(1), op, Set.of(m.group(3)));
        }
        m = EXISTS.matcher(part);
        if (m.matches()) {
            return new Requirement(m.group(2), m.group(1).isEmpty() ? Op.EXISTS : Op.NOT_EXISTS, Set.of());
        }
        throw new IllegalArgumentException("'" + part.strip() + "' is not a label selector requirement");
    }
}
