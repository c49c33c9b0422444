package io.fluxward.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxward.model.Location;
import io.fluxward.yaml.Span;
import java.io.IOException;
import java.io.Writer;

/**
 * JSON output shared by the JSON and SARIF reporters: two-space indentation and {@code \n} line
 * ends on every platform, keys in insertion order, so reports are byte-identical across runs.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withArrayEmptySeparator("").withObjectEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")))
            .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void write(JsonNode root, Writer out) throws IOException {
        WRITER.writeValue(out, root);
        out.write('\n');
        out.flush();
    }

    /** {@code path, line, column, endLine, endColumn} of a location, path as displayed. */
    static ObjectNode position(ObjectNode node, Location location, ReportContext context) {
        Span span = Regions.normalized(location.span());
        node.put("path", context.display(location.path()));
        node.put("line", span.line());
        node.put("column", span.column());
        node.put("endLine", span.endLine());
        node.put("endColumn", span.endColumn());
        return node;
    }
}
