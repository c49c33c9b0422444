package io.fluxward.schema;

import io.fluxward.model.FileFact;
import io.fluxward.model.FileModel;
import io.fluxward.model.KubeObject;
import io.fluxward.model.RepositoryModel;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Values that the repository adds to the enums of a CRD's schema before installing it. Flux
 * documents this for third-party controllers (a JSON 6902 patch adding {@code Terraform} to the
 * {@code kind} enum of Alert event sources and Receiver resources), and the Flux Operator does it
 * itself for {@code FluxInstance}, {@code ResourceSet} and {@code ResourceSetInputProvider}
 * (profileNotification in controlplaneio-fluxcd/flux-operator {@code internal/builder}). A schema
 * without these values would reject objects the cluster accepts.
 *
 * <p>Only {@code add} operations ending in {@code /enum/-} are applied, to every version of the
 * CRD (the version index of the patch is not trusted: CRDs gain and lose versions).
 */
public final class CrdPatches {

    private static final String OPENAPI = "/schema/openAPIV3Schema/";
    private static final String ALERT_KIND = "properties/spec/properties/eventSources/items/properties/kind";
    private static final String RECEIVER_KIND = "properties/spec/properties/resources/items/properties/kind";
    private static final List<String> OPERATOR_KINDS = List.of("FluxInstance", "ResourceSet", "ResourceSetInputProvider");

    /** One value added to the enum at a path of a CRD's {@code openAPIV3Schema}. */
    record EnumAddition(String crdName, List<String> schemaPath, Object value) {

        EnumAddition {
            schemaPath = List.copyOf(schemaPath);
        }
    }

    private final Map<String, List<EnumAddition>> byCrd;

    private CrdPatches(List<EnumAddition> additions) {
        Map<String, List<EnumAddition>> index = new LinkedHashMap<>();
        for (EnumAddition a : additions) {
            index.computeIfAbsent(a.crdName(), k -> new ArrayList<>()).add(a);
        }
        this.byCrd = index;
    }

    static CrdPatches none() {
        return new CrdPatches(List.of());
    }

    /** The enum additions of a repository. */
    static CrdPatches of(RepositoryModel model) {
        List<EnumAddition> out = new ArrayList<>();
        for (RepoPatches.Patch p : RepoPatches.find(model)) {
            YNode target = p.target();
            if (!target.get("kind").textOr("").equals("CustomResourceDefinition") || !target.get("name").hasText()) {
                continue;
            }
            String crd = target.get("name").textOr("");
            for (YDocument doc : p.content()) {
                for (YNode op : doc.root().items()) {
                    enumAddition(crd, op).ifPresent(out::add);
                }
            }
        }
        if (usesFluxOperator(model)) {
            for (String kind : OPERATOR_KINDS) {
                out.add(new EnumAddition("alerts.notification.toolkit.fluxcd.io", split(ALERT_KIND), kind));
                out.add(new EnumAddition("receivers.notification.toolkit.fluxcd.io", split(RECEIVER_KIND), kind));
            }
        }
        return new CrdPatches(out);
    }

    private static Optional<EnumAddition> enumAddition(String crd, YNode op) {
        String path = op.get("path").textOr("");
        int at = path.indexOf(OPENAPI);
        if (!op.get("op").textOr("").equals("add") || !path.startsWith("/spec/versions/") || at < 0
                || !path.endsWith("/enum/-") || !op.get("value").isScalar()) {
            return Optional.empty();
        }
        String inner = path.substring(at + OPENAPI.length(), path.length() - "/enum/-".length());
        Object value = JsonTree.of(op.get("value")).json();
        return Optional.of(new EnumAddition(crd, split(inner), value));
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String p : Arrays.asList(path.split("/"))) {
            out.add(p.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    /** True when the Flux Operator installs Flux: its objects, charts or repositories appear in the repository. */
    static boolean usesFluxOperator(RepositoryModel model) {
        for (FileModel f : model.files()) {
            if (f.fact(USES_FLUX_OPERATOR)) {
                return true;
            }
        }
        return false;
    }

    private static final FileFact<Boolean> USES_FLUX_OPERATOR = FileFact.of("uses the Flux Operator",
            f -> usesFluxOperator(f.objects()));

    private static boolean usesFluxOperator(List<KubeObject> objects) {
        for (KubeObject o : objects) {
            if (o.group().equals("fluxcd.controlplane.io")) {
                return true;
            }
            String url = o.get("spec", "url").textOr("");
            String chart = o.get("spec", "chart", "spec", "chart").textOr("");
            if ((o.group().equals("source.toolkit.fluxcd.io") && url.contains("controlplaneio-fluxcd"))
                    || (o.kind().equals("HelmRelease") && (chart.equals("flux-operator") || chart.equals("flux-instance")))) {
                return true;
            }
        }
        return false;
    }

    /** True when the repository changes this CRD's schema. */
    boolean patches(String crdName) {
        return byCrd.containsKey(crdName);
    }

    /** A copy of a version's schema with the additions applied. */
    JSONObject apply(String crdName, JSONObject openApi) {
        JSONObject copy = new JSONObject(openApi.toString());
        for (EnumAddition a : byCrd.getOrDefault(crdName, List.of())) {
            Object node = copy;
            for (String segment : a.schemaPath()) {
                node = node instanceof JSONObject o ? o.opt(segment) : null;
            }
            if (node instanceof JSONObject target && target.optJSONArray("enum") != null) {
                JSONArray values = target.getJSONArray("enum");
                if (!values.toList().contains(a.value())) {
                    values.put(a.value());
                }
            }
        }
        return copy;
    }
}
