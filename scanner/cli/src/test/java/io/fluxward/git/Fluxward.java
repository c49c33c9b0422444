package io.fluxward.git;

import io.fluxward.cli.Main;
import io.fluxward.engine.Rule;
import io.fluxward.engine.RuleSet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Running fluxward from tests: in-process, or as the command a git hook runs. */
final class Fluxward {

    /** The output of an in-process run. */
    record Result(int exit, String out, String err) {
    }

    private Fluxward() {
    }

    /** The built-in rules with these IDs, plus extra (test-only) rules. */
    static RuleSet rules(List<String> ids, Rule... extra) {
        try {
            List<Rule> rules = new ArrayList<>();
            RuleSet.load(List.of()).all().forEach((id, rule) -> {
                if (ids.contains(id)) {
                    rules.add(rule);
                }
            });
            if (rules.size() != ids.size()) {
                throw new IllegalStateException("missing built-in rules: " + ids);
            }
            rules.addAll(List.of(extra));
            return RuleSet.of(rules);
        } catch (RuleSet.RuleLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the CLI in-process in {@code dir} (paths on the command line should be absolute). */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    /**
     * A rules jar holding only a service file that names the test rules (their classes come from the
     * test class path): {@code --rules-jar} for in-process runs, {@code -cp} for hook processes.
     */
    static Path testRulesJar(Path dir) {
        Path jar = dir.resolve("test-rules.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/io.fluxward.engine.Rule"));
            out.write((TestSecretRule.class.getName() + "\n" + TestDependsOnRule.class.getName() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** The test JVM's class path (surefire hides it behind a manifest-only jar otherwise). */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** The shell command line that runs fluxward with its real rules in a separate process, for $FLUXWARD. */
    static String command() {
        return command(classPath());
    }

    /** The same, plus the test-only rules. */
    static String commandWithTestRules(Path scratch) {
        return command(classPath() + java.io.File.pathSeparator + testRulesJar(scratch));
    }

    private static String command(String cp) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return HookInstaller.commandLine(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
                Main.class.getName()));
    }
}
