package io.fluxward.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which files are Helm chart templates: below {@code templates} of a folder that holds a Chart.yaml. */
class ChartTemplatesTest {

    private static final Set<String> CHARTS = Set.of("", "charts/app", "a/templates/b");

    @ParameterizedTest
    @CsvSource({
        "templates/x.yaml,true", "templates,true", "templates/deep/x.yaml,true", "charts/app/templates/x.yaml,true",
        "charts/app/templates,true", "charts/app/values.yaml,false", "charts/app/templatesx/a.yaml,false",
        "charts/app/xtemplates/a.yaml,false", "charts/other/templates/a.yaml,false", "charts/templates/a.yaml,false",
        "a/templates/b/templates/c.yaml,true", "a/templates/c.yaml,false", "x/templates/y.yaml,false", "x.yaml,false"})
    void findsTemplatesOfCharts(String path, boolean template) {
        assertThat(Scanner.inChartTemplates(path, CHARTS)).isEqualTo(template);
        // The old rule: the path is under <chart>/templates of some chart folder.
        assertThat(CHARTS.stream().anyMatch(dir -> {
            String t = dir.isEmpty() ? "templates" : dir + "/templates";
            return path.equals(t) || path.startsWith(t + "/");
        })).isEqualTo(template);
    }

    @ParameterizedTest
    @CsvSource({"templates/x.yaml", "a/b.yaml"})
    void noChartsNoTemplates(String path) {
        assertThat(Scanner.inChartTemplates(path, Set.of())).isFalse();
    }
}
