package io.fluxward.model;

/**
 * A message about the scan itself rather than a policy finding: a file skipped, a limit hit, an
 * input that could not be read. {@link Kind#ERROR} notes make the scan exit with status 2.
 */
public record Note(Kind kind, String path, int line, String message) implements Comparable<Note> {

    /** How much a note matters. */
    public enum Kind { INFO, WARNING, ERROR }

    /** Notes quote what they are about (a URL, a value read from a file): never with a credential in it. */
    public Note {
        message = io.fluxward.secrets.Mask.redact(message);
    }

    public static Note info(String path, String message) {
        return new Note(Kind.INFO, path, 0, message);
    }

    public static Note warning(String path, String message) {
        return new Note(Kind.WARNING, path, 0, message);
    }

    public static Note error(String path, String message) {
        return new Note(Kind.ERROR, path, 0, message);
    }

    /**
     * A warning about the user's own {@code fluxward:} comment that suppresses nothing: it explains a finding the
     * user meant to suppress, so it is shown even where other notes are not ({@code --quiet}, the pre-commit hook).
     */
    public boolean aboutSuppression() {
        return kind == Kind.WARNING && message.contains(Suppression.SUPPRESSES_NOTHING);
    }

    /** {@code path[:line]: message}, the one-line form used on the console. */
    public String render() {
        String where = path == null || path.isEmpty() ? "" : path + (line > 0 ? ":" + line : "") + ": ";
        return where + message;
    }

    @Override
    public int compareTo(Note o) {
        int c = String.valueOf(path).compareTo(String.valueOf(o.path));
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : message.compareTo(o.message);
    }
}
