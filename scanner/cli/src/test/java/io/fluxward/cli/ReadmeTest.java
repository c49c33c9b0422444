package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.engine.RuleSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's generated parts are current. */
class ReadmeTest {

    @Test
    void ruleTableIsGeneratedFromRuleMetadata() throws Exception {
        String readme = Files.readString(TestPaths.root().resolve("README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf("<!-- rules:begin -->\n");
        int end = readme.indexOf("<!-- rules:end -->");
        assertThat(begin).as("README has the rules:begin marker").isNotNegative();
        String table = readme.substring(begin + "<!-- rules:begin -->\n".length(), end);
        String expected = RulesCommand.markdownTable(new ArrayList<>(RuleSet.load(List.of()).descriptors().values()));
        if (Boolean.getBoolean("fluxward.updateReadme") && !table.equals(expected)) {
            // mvn -pl scanner/cli -am test -Dtest=ReadmeTest -Dsurefire.failIfNoSpecifiedTests=false -Dfluxward.updateReadme=true
            readme = readme.substring(0, begin + "<!-- rules:begin -->\n".length()) + expected + readme.substring(end);
            Files.writeString(TestPaths.root().resolve("README.md"), readme, StandardCharsets.UTF_8);
            table = expected;
        }
        assertThat(table).as("README rule table; regenerate with ./fluxward rules --format markdown").isEqualTo(expected);
    }
}
