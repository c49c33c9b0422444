package io.fluxward.graph;

import java.util.HashMap;
import java.util.Map;

/**
 * Renders a {@link FluxGraph} as a Mermaid flowchart (GitHub renders it in Markdown, e.g. in a job
 * summary): one subgraph per cluster, appliers with errors in the {@code error} class, sources that are not on their
 * cluster (defined nowhere, FW-F008, or only for other clusters) dashed in the {@code missing} class.
 */
public final class MermaidRenderer {

    private MermaidRenderer() {
    }

    /** The flowchart text, without the surrounding code fence. */
    public static String render(FluxGraph graph) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        Map<String, String> ids = new HashMap<>();
        int n = 0;
        for (FluxGraph.Node node : graph.nodes()) {
            ids.put(node.id(), "n" + (++n));
        }
        for (FluxGraph.ClusterNode cluster : graph.clusters()) {
            out.append("  subgraph ").append(cluster.id()).append("[\"").append(escape(cluster.label())).append("\"]\n");
            for (FluxGraph.Node node : graph.nodes()) {
                if (node.cluster().equals(cluster.id())) {
                    out.append("    ").append(ids.get(node.id())).append(shape(node)).append('\n');
                }
            }
            out.append("  end\n");
        }
        for (FluxGraph.Edge e : graph.edges()) {
            out.append("  ").append(ids.get(e.from())).append(switch (e.type()) {
                case APPLIES -> " --> ";
                case DEPENDS_ON -> " ==>|dependsOn| ";
                case SOURCE -> " -.- ";
            }).append(ids.get(e.to())).append('\n');
        }
        out.append("  classDef error fill:#ffdddd,stroke:#cc0000,stroke-width:2px\n");
        out.append("  classDef warning stroke:#cc8800,stroke-width:2px\n");
        if (graph.hasMissing()) {
            out.append("  classDef missing fill:#ffffff,stroke:#cc0000,stroke-width:2px,stroke-dasharray:5 5,color:#cc0000\n");
        }
        for (FluxGraph.Node node : graph.nodes()) {
            if (node.errors() > 0) {
                out.append("  class ").append(ids.get(node.id())).append(" error\n");
            } else if (node.warnings() > 0) {
                out.append("  class ").append(ids.get(node.id())).append(" warning\n");
            } else if (node.missing()) {
                out.append("  class ").append(ids.get(node.id())).append(" missing\n");
            }
        }
        return out.toString();
    }

    private static String shape(FluxGraph.Node node) {
        StringBuilder label = new StringBuilder(node.kind()).append("<br/>").append(escape(node.ref()));
        if (!node.path().isEmpty()) {
            label.append("<br/>").append(escape(node.path()));
        }
        if (!node.remote().isEmpty()) {
            label.append("<br/>=&gt; ").append(escape(node.remote()));
        }
        if (node.missing()) {
            label.append("<br/>").append(node.missingLabel());
        }
        for (String line : node.findingLines()) {
            label.append("<br/>").append(line);
        }
        return switch (node.type()) {
            case KUSTOMIZATION -> "[\"" + label + "\"]";
            case HELM_RELEASE -> "([\"" + label + "\"])";
            case SOURCE -> "[(\"" + label + "\")]";
        };
    }

    /** Mermaid labels are HTML inside double quotes: entities for the characters that would break them. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "#quot;").replace("<", "&lt;").replace(">", "&gt;")
                .replace('\n', ' ');
    }
}
