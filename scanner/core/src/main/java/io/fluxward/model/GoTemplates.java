package io.fluxward.model;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a file is a template (left alone by every rule) rather than YAML (checked; FW-G001 when broken).
 * "{{" inside YAML strings is ordinary content (an ExternalSecret's {@code target.template}, a
 * PrometheusRule's annotations, an Alertmanager config in a Secret): such a file is read as YAML, and with a
 * syntax error it is broken, as kubectl and Flux see it. A template shows itself by its name ({@code .tpl}, {@code .gotmpl},
 * {@code .j2}...) or by "{{" or "{%" where YAML expects a node: at the start of a line
 * ("{{- if .Values.x }}", "{{ .Key }}: value"), as a mapping value or sequence entry
 * ("name: {{ .Name }}") or in a flow collection. Helm chart templates are known by their folder
 * before parsing.
 */
final class GoTemplates {

    /** Name parts of template files, e.g. {@code values.yaml.gotmpl}, {@code secret.tpl.yaml}. */
    private static final Set<String> TEMPLATE_EXTENSIONS = Set.of("tpl", "tmpl", "gotmpl", "j2", "jinja", "jinja2");

    private GoTemplates() {
    }

    /** True when {@code text}, which contains "{{", reads as a template. */
    static boolean isTemplate(String path, String text) {
        return templateName(path) || new Lexer(text).templateSyntax();
    }

    static boolean templateName(String path) {
        String[] parts = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).split("\\.");
        for (int i = 1; i < parts.length; i++) {
            if (TEMPLATE_EXTENSIONS.contains(parts[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * A line-by-line reading of YAML's structure, enough to tell where a node starts: block scalars and
     * quoted strings (across lines too) are skipped, comments end a line, flow collections are followed.
     */
    private static final class Lexer {
        private final String[] lines;
        /** Inside a block scalar: the column its content must exceed; -1 outside. */
        private int blockParent = -1;
        /** Inside a quoted string that continues on the next line: its quote; 0 outside. */
        private char openQuote;
        private int flowDepth;

        Lexer(String text) {
            this.lines = text.split("\r?\n|\r", -1);
        }

        boolean templateSyntax() {
            for (String line : lines) {
                if (line(line)) {
                    return true;
                }
            }
            return false;
        }

        /** Reads one line; true when a template action stands where a YAML node starts. */
        private boolean line(String line) {
            int indent = 0;
            while (indent < line.length() && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
                indent++;
            }
            if (blockParent >= 0) {
                if (indent == line.length() || indent > blockParent) {
                    return false;
                }
                blockParent = -1;
            }
            int i = 0;
            if (openQuote != 0) {
                i = closingQuote(line, 0, openQuote);
                if (i < 0) {
                    return false;
                }
                openQuote = 0;
            }
            boolean nodeStart = i == 0;
            int keyColumn = -1;
            int lastDash = -1;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == ' ' || c == '\t') {
                    i++;
                    continue;
                }
                if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                    return false;
                }
                if (nodeStart) {
                    if (line.startsWith("{{", i) || line.startsWith("{%", i)) {
                        return true;
                    }
                    if ((c == '-' || c == '?') && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
                        lastDash = i;
                        i++;
                        continue;
                    }
                    if (c == '[' || c == '{') {
                        flowDepth++;
                        i++;
                        continue;
                    }
                    if ((c == '&' || c == '!') && i + 1 < line.length()) {
                        // An anchor or a tag: the node follows.
                        while (i < line.length() && line.charAt(i) != ' ') {
                            i++;
                        }
                        continue;
                    }
                    if ((c == '|' || c == '>') && flowDepth == 0) {
                        blockParent = keyColumn >= 0 ? keyColumn : Math.max(lastDash, indent - 1);
                        return false;
                    }
                    if (keyColumn < 0) {
                        keyColumn = i;
                    }
                    nodeStart = false;
                    if (c == '"' || c == '\'') {
                        int end = closingQuote(line, i + 1, c);
                        if (end < 0) {
                            openQuote = c;
                            return false;
                        }
                        i = end;
                        continue;
                    }
                }
                if (c == ':' && (i + 1 == line.length() || line.charAt(i + 1) == ' ' || line.charAt(i + 1) == '\t'
                        || (flowDepth > 0 && ",]}".indexOf(line.charAt(i + 1)) >= 0))) {
                    nodeStart = true;
                } else if (flowDepth > 0 && c == ',') {
                    nodeStart = true;
                } else if (flowDepth > 0 && (c == ']' || c == '}')) {
                    flowDepth--;
                }
                i++;
            }
            return false;
        }

        /** The index after the quote that closes a string opened before {@code from}; -1 when the line has none. */
        private static int closingQuote(String line, int from, char quote) {
            for (int i = from; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote == '"' && c == '\\') {
                    i++;
                } else if (c == quote) {
                    if (quote == '\'' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
                        i++;
                    } else {
                        return i + 1;
                    }
                }
            }
            return -1;
        }
    }
}
