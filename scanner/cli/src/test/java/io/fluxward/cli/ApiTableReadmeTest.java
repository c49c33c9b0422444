package io.fluxward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.schema.ApiLifecycle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's deprecation table is the one in api-lifecycle.yaml (regenerate with -Dfluxward.updateReadme=true). */
class ApiTableReadmeTest {

    private static final String BEGIN = "<!-- api-lifecycle:begin -->\n";
    private static final String END = "<!-- api-lifecycle:end -->";

    @Test
    void deprecationTableIsGeneratedFromTheData() throws Exception {
        Path file = TestPaths.root().resolve("README.md");
        String readme = Files.readString(file, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README has the api-lifecycle:begin marker").isNotNegative();
        String table = readme.substring(begin + BEGIN.length(), end);
        String expected = ApiLifecycle.get().markdownTable(ApiLifecycle.Product.FLUX, ApiLifecycle.Product.ESO);
        if (Boolean.getBoolean("fluxward.updateReadme") && !table.equals(expected)) {
            readme = readme.substring(0, begin + BEGIN.length()) + expected + readme.substring(end);
            Files.writeString(file, readme, StandardCharsets.UTF_8);
            table = expected;
        }
        assertThat(table).as("README deprecation table").isEqualTo(expected);
    }
}
