package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ANSI colours only on a terminal that shows them, and only when the user has not asked for none. */
class ColorsTest {

    @TempDir
    Path tmp;

    private String scanOnATerminal(Map<String, String> env, String... extra) throws Exception {
        Files.writeString(tmp.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n");
        String[] args = new String[extra.length + 2];
        args[0] = "scan";
        System.arraycopy(extra, 0, args, 1, extra.length);
        args[args.length - 1] = tmp.toString();
        StringWriter out = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                Invocation.ofClient(tmp, env, true));
        assertThat(exit).as(out.toString()).isEqualTo(1);
        return out.toString();
    }

    @Test
    void colorsOnlyWhereTheyCanBeShownAndAreWanted() throws Exception {
        assertThat(scanOnATerminal(Map.of("TERM", "xterm-256color"))).contains("\u001b[");
        assertThat(scanOnATerminal(Map.of())).contains("\u001b[");
        assertThat(scanOnATerminal(Map.of("TERM", "dumb"))).contains("FW-G002").doesNotContain("\u001b");
        assertThat(scanOnATerminal(Map.of("TERM", "xterm", "NO_COLOR", "1"))).doesNotContain("\u001b");
        assertThat(scanOnATerminal(Map.of("TERM", "xterm"), "--no-color")).doesNotContain("\u001b");
    }
}
