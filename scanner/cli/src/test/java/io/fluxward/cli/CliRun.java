package io.fluxward.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One in-process run of the command line ({@link Main#run}), with what it printed.
 *
 * @param exit the exit code
 * @param out  standard output
 * @param err  standard error
 */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code fluxward ARGS...} in this JVM. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs with a list of arguments. */
    public static CliRun of(List<String> args) {
        return of(args.toArray(String[]::new));
    }

    /** The lines of standard error that are not blank. */
    public List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
