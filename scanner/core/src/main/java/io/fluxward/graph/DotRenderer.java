package io.fluxward.graph;

import java.util.HashMap;
import java.util.Map;

/**
 * Renders a {@link FluxGraph} as Graphviz DOT: one {@code subgraph cluster_*} per cluster, errors in red, sources
 * that are not on their cluster (defined nowhere, or only for other clusters) dashed in red.
 */
public final class DotRenderer {

    private DotRenderer() {
    }

    public static String render(FluxGraph graph) {
        StringBuilder out = new StringBuilder();
        out.append("digraph flux {\n");
        out.append("  rankdir=LR;\n  compound=true;\n");
        out.append("  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
        Map<String, String> ids = new HashMap<>();
        int n = 0;
        for (FluxGraph.Node node : graph.nodes()) {
            ids.put(node.id(), "n" + (++n));
        }
        for (FluxGraph.ClusterNode cluster : graph.clusters()) {
            out.append("  subgraph \"cluster_").append(cluster.id()).append("\" {\n");
            out.append("    label=").append(quote(cluster.label())).append(";\n");
            out.append("    style=").append(cluster.remote() ? "\"rounded,dashed\"" : "rounded").append(";\n");
            for (FluxGraph.Node node : graph.nodes()) {
                if (node.cluster().equals(cluster.id())) {
                    out.append("    ").append(ids.get(node.id())).append(' ').append(attributes(node)).append(";\n");
                }
            }
            out.append("  }\n");
        }
        for (FluxGraph.Edge e : graph.edges()) {
            out.append("  ").append(ids.get(e.from())).append(" -> ").append(ids.get(e.to()));
            out.append(switch (e.type()) {
                case APPLIES -> " [color=\"#555555\"]";
                case DEPENDS_ON -> " [style=bold, color=\"#1f5fbf\", label=\"dependsOn\"]";
                case SOURCE -> " [style=dotted, arrowhead=none, color=\"#888888\"]";
            });
            out.append(";\n");
        }
        out.append("}\n");
        return out.toString();
    }

    private static String attributes(FluxGraph.Node node) {
        String shape = switch (node.type()) {
            case KUSTOMIZATION -> "box";
            case HELM_RELEASE -> "component";
            case SOURCE -> "cylinder";
        };
        StringBuilder label = new StringBuilder(node.kind()).append("\\n").append(escape(node.ref()));
        if (!node.path().isEmpty()) {
            label.append("\\n").append(escape(node.path()));
        }
        if (!node.remote().isEmpty()) {
            label.append("\\n=> ").append(escape(node.remote()));
        }
        if (node.missing()) {
            label.append("\\n").append(node.missingLabel());
        }
        for (String line : node.findingLines()) {
            label.append("\\n").append(line);
        }
        StringBuilder attrs = new StringBuilder("[shape=").append(shape).append(", label=\"").append(label).append('"');
        if (node.errors() > 0) {
            attrs.append(", color=\"#cc0000\", penwidth=2, style=filled, fillcolor=\"#ffdddd\"");
        } else if (node.warnings() > 0) {
            attrs.append(", color=\"#cc8800\", penwidth=2");
        } else if (node.missing()) {
            attrs.append(", color=\"#cc0000\", fontcolor=\"#cc0000\", penwidth=2, style=dashed");
        }
        if (!node.file().isEmpty()) {
            attrs.append(", tooltip=").append(quote(node.file() + ":" + node.line()));
        }
        return attrs.append(']').toString();
    }

    private static String quote(String text) {
        return "\"" + escape(text) + "\"";
    }

    /** DOT string escaping: backslash and double quote; newlines become spaces. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ').replace('\r', ' ');
    }
}
