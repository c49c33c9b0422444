package io.fluxward.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a {@link FluxGraph} as JSON: {@code clusters}, {@code nodes}, {@code edges}. */
public final class JsonGraphRenderer {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonGraphRenderer() {
    }

    public static String render(FluxGraph graph) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> clusters = new ArrayList<>();
        for (FluxGraph.ClusterNode c : graph.clusters()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("label", c.label());
            m.put("remote", c.remote());
            clusters.add(m);
        }
        List<Object> nodes = new ArrayList<>();
        for (FluxGraph.Node n : graph.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("type", n.type().name().toLowerCase(java.util.Locale.ROOT));
            m.put("kind", n.kind());
            m.put("namespace", n.namespace());
            m.put("name", n.name());
            m.put("cluster", n.cluster());
            if (!n.path().isEmpty()) {
                m.put("path", n.path());
            }
            if (!n.remote().isEmpty()) {
                m.put("kubeConfig", n.remote());
            }
            if (!n.file().isEmpty()) {
                m.put("file", n.file());
                m.put("line", n.line());
            }
            if (n.missing()) {
                m.put("missing", true);
                if (!n.elsewhere().isEmpty()) {
                    m.put("definedElsewhere", n.elsewhere());
                }
            }
            m.put("errors", n.errors());
            m.put("warnings", n.warnings());
            m.put("rules", n.rules());
            nodes.add(m);
        }
        List<Object> edges = new ArrayList<>();
        for (FluxGraph.Edge e : graph.edges()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", e.from());
            m.put("to", e.to());
            m.put("type", e.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            edges.add(m);
        }
        root.put("clusters", clusters);
        root.put("nodes", nodes);
        root.put("edges", edges);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the graph as JSON", e);
        }
    }
}
