package io.fluxward.flux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Flux post-build variable syntax ({@code fluxcd/pkg/envsubst}): {@code ${var}}, with a default
 * ({@code ${var:=x}}, {@code ${var:-x}}, {@code ${var=x}}, {@code ${var-x}}) or an operator
 * ({@code ${var:1:2}}, {@code ${var/a/b}}, {@code ${var^^}}...). {@code $${var}} is an escape that renders a
 * literal {@code ${var}}; plain {@code $var} is left alone by Flux.
 */
public final class Substitution {

    /** One {@code ${...}} use in a text. */
    public record Use(String name, boolean hasDefault, String defaultValue, int start, int end) {
    }

    private Substitution() {
    }

    /** Every variable use in {@code text}, escapes skipped. */
    public static List<Use> uses(String text) {
        List<Use> out = new ArrayList<>();
        int i = text.indexOf('$');
        while (i >= 0 && i < text.length() - 1) {
            if (text.charAt(i + 1) == '$') {
                i = text.indexOf('$', i + 2);
                continue;
            }
            if (text.charAt(i + 1) != '{') {
                i = text.indexOf('$', i + 1);
                continue;
            }
            int close = text.indexOf('}', i + 2);
            if (close < 0) {
                break;
            }
            parse(text.substring(i + 2, close), i, close + 1).ifPresent(out::add);
            i = text.indexOf('$', close + 1);
        }
        return out;
    }

    private static Optional<Use> parse(String inner, int start, int end) {
        int p = inner.startsWith("#") ? 1 : 0;
        int nameStart = p;
        if (p >= inner.length() || !(Character.isLetter(inner.charAt(p)) || inner.charAt(p) == '_')) {
            return Optional.empty();
        }
        while (p < inner.length() && (Character.isLetterOrDigit(inner.charAt(p)) || inner.charAt(p) == '_')) {
            p++;
        }
        String name = inner.substring(nameStart, p);
        String rest = inner.substring(p);
        for (String op : List.of(":=", ":-", "=", "-")) {
            if (rest.startsWith(op)) {
                return Optional.of(new Use(name, true, rest.substring(op.length()), start, end));
            }
        }
        return Optional.of(new Use(name, false, "", start, end));
    }

    /**
     * Replaces every use with its value as Flux would. Returns empty when a result is not known (a
     * defined variable whose value is unknown, an undefined one without default, an operator), so
     * callers never act on a guess.
     *
     * @param defined whether a variable is defined
     * @param lookup  its value, empty when defined but unknown
     */
    public static Optional<String> expand(String text, Predicate<String> defined,
                                          Function<String, Optional<String>> lookup) {
        if (text.indexOf('$') < 0) {
            return Optional.of(text);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(text, i, text.length());
                    break;
                }
                Optional<Use> use = parse(text.substring(i + 2, close), i, close + 1);
                if (use.isEmpty()) {
                    out.append(text, i, close + 1);
                } else {
                    String name = use.get().name();
                    if (defined.test(name)) {
                        Optional<String> value = lookup.apply(name);
                        if (value.isEmpty() || !isPlain(use.get(), text, i, close)) {
                            return Optional.empty();
                        }
                        out.append(value.get());
                    } else if (use.get().hasDefault() && use.get().defaultValue().indexOf('$') < 0) {
                        out.append(use.get().defaultValue());
                    } else {
                        return Optional.empty();
                    }
                }
                i = close + 1;
                continue;
            }
            out.append(c);
            i++;
        }
        return Optional.of(out.toString());
    }

    /** True for {@code ${name}} or a default form, whose result is the value itself. */
    private static boolean isPlain(Use use, String text, int start, int close) {
        String inner = text.substring(start + 2, close);
        return inner.equals(use.name()) || use.hasDefault();
    }
}
