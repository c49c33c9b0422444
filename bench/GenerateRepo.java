import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates a realistic synthetic Flux repository for benchmarks:
 * clusters/<c>/ (flux-system sync, infrastructure and apps Kustomizations with a dependsOn chain),
 * infrastructure/controllers and configs (HelmRepositories, HelmReleases, namespaces, CRDs),
 * apps/base/<app> with kustomize overlays per cluster (patches, components), SOPS-encrypted and
 * plaintext Secrets, ExternalSecrets with a ClusterSecretStore, a .sops.yaml, and a configurable
 * fraction of planted defects. Deterministic for a given seed.
 *
 * Usage: java bench/GenerateRepo.java --files N --out DIR [--seed 1] [--defects 0.02] [--clusters 3]
 *        [--ks-per-app] [--configs-per-app K]
 * --ks-per-app gives every app overlay its own Flux Kustomization (the home-ops layout: one ks.yaml per app, so a
 * repository has thousands of Kustomizations); --configs-per-app adds K ConfigMap manifests to every app base.
 */
public final class GenerateRepo {

    private final Path out;
    private final Random random;
    private final double defects;
    private int files;
    private int planted;
    private boolean ksPerApp;
    private int configsPerApp;

    private GenerateRepo(Path out, long seed, double defects) {
        this.out = out;
        this.random = new Random(seed);
        this.defects = defects;
    }

    public static void main(String[] args) throws IOException {
        int target = 1000;
        Path out = null;
        long seed = 1;
        double defects = 0.02;
        int clusters = 3;
        boolean ksPerApp = false;
        int configsPerApp = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> target = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--defects" -> defects = Double.parseDouble(args[++i]);
                case "--clusters" -> clusters = Integer.parseInt(args[++i]);
                case "--ks-per-app" -> ksPerApp = true;
                case "--configs-per-app" -> configsPerApp = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        GenerateRepo g = new GenerateRepo(out, seed, defects);
        g.ksPerApp = ksPerApp;
        g.configsPerApp = configsPerApp;
        g.generate(target, clusters);
        System.out.printf(Locale.ROOT, "generated %d files (%d planted defects) in %s%n", g.files, g.planted, out);
    }

    private boolean defect() {
        if (random.nextDouble() < defects) {
            planted++;
            return true;
        }
        return false;
    }

    private void write(String path, String text) throws IOException {
        Path p = out.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        files++;
    }

    private String enc(int bytes) {
        byte[] data = new byte[bytes];
        byte[] iv = new byte[32];
        byte[] tag = new byte[16];
        random.nextBytes(data);
        random.nextBytes(iv);
        random.nextBytes(tag);
        Base64.Encoder b = Base64.getEncoder();
        return "ENC[AES256_GCM,data:" + b.encodeToString(data) + ",iv:" + b.encodeToString(iv) + ",tag:"
                + b.encodeToString(tag) + ",type:str]";
    }

    private static final String AGE = "age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29";

    private String sopsBlock() {
        return "sops:\n  age:\n    - recipient: " + AGE + "\n      enc: |\n        -----BEGIN AGE ENCRYPTED FILE-----\n"
                + "        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBsb3JlbSBpcHN1bQo=\n"
                + "        -----END AGE ENCRYPTED FILE-----\n  lastmodified: \"2026-01-12T13:33:42Z\"\n  mac: "
                + enc(32) + "\n  encrypted_regex: ^(data|stringData)$\n  version: 3.9.0\n";
    }

    private void generate(int target, int clusters) throws IOException {
        write(".sops.yaml", "creation_rules:\n  - path_regex: .*/secrets/.*\\.ya?ml$\n    encrypted_regex: ^(data|stringData)$\n"
                + "    age: " + AGE + "\n");
        List<String> clusterNames = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            clusterNames.add("cluster-" + c);
        }
        // Infrastructure: ~5% of the files.
        int controllers = Math.max(3, target / 200);
        for (int i = 0; i < controllers; i++) {
            controller("controller-" + i);
        }
        // The store the apps' ExternalSecrets use (those naming "missing-store" are planted defects).
        write("infrastructure/configs/cluster-secret-store.yaml", "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\n"
                + "metadata:\n  name: vault\nspec:\n  provider:\n    vault:\n      server: https://vault.example.com\n"
                + "      path: secret\n      version: v2\n      auth:\n        kubernetes:\n          mountPath: kubernetes\n"
                + "          role: external-secrets\n");
        // Apps: the rest, about 8 files per app (base + per-cluster overlay).
        int perApp = 4 + 3 * clusters + configsPerApp;
        int apps = Math.max(1, (target - files - clusters * 4) / perApp);
        for (int i = 0; i < apps; i++) {
            app("app-" + i, clusterNames);
        }
        for (String c : clusterNames) {
            cluster(c, apps);
        }
    }

    private void controller(String name) throws IOException {
        String dir = "infrastructure/controllers/" + name + "/";
        write(dir + "namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n");
        write(dir + "repository.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: "
                + name + "\n  namespace: flux-system\nspec:\n  interval: 24h\n  url: https://charts.example.com/" + name + "\n");
        write(dir + "release.yaml", "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: " + name
                + "\n  namespace: " + name + "\nspec:\n  interval: 30m\n  chart:\n    spec:\n      chart: " + name
                + "\n      version: \"1.x\"\n      sourceRef:\n        kind: HelmRepository\n        name: " + name
                + "\n        namespace: flux-system\n  install:\n    crds: CreateReplace\n  values:\n    replicaCount: 2\n"
                + "    image:\n      repository: ghcr.io/example/" + name + "\n      tag: v1.2.3\n    resources:\n"
                + "      requests:\n        cpu: 100m\n        memory: 128Mi\n");
        write(dir + "kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                + "  - namespace.yaml\n  - repository.yaml\n  - release.yaml\n");
        write("infrastructure/configs/" + name + "/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name
                + "-settings\n  namespace: " + name + "\ndata:\n  level: info\n  mode: cluster\n");
    }

    private void app(String name, List<String> clusters) throws IOException {
        String base = "apps/base/" + name + "/";
        write(base + "deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name
                + "\n  labels:\n    app: &app " + name + "\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: *app\n"
                + "  template:\n    metadata:\n      labels:\n        app: *app\n    spec:\n      containers:\n"
                + "        - name: " + name + "\n          image: ghcr.io/example/" + name + ":1.0.0\n          ports:\n"
                + "            - containerPort: 8080\n          envFrom:\n            - secretRef:\n                name: "
                + name + "-secret\n" + (defect() ? "  replicas: 2\n" : ""));
        write(base + "service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  selector:\n"
                + "    app: " + name + "\n  ports:\n    - port: 80\n      targetPort: 8080\n");
        boolean external = random.nextInt(3) == 0;
        if (external) {
            write(base + "externalsecret.yaml", "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: "
                    + name + "-secret\nspec:\n  refreshInterval: 1h\n  secretStoreRef:\n    kind: ClusterSecretStore\n"
                    + "    name: " + (defect() ? "missing-store" : "vault") + "\n  dataFrom:\n    - extract:\n        key: apps/"
                    + name + "\n");
        } else if (defect()) {
            write(base + "secrets/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name
                    + "-secret\ntype: Opaque\nstringData:\n  password: not-a-real-password-" + random.nextInt(100000) + "\n");
        } else {
            write(base + "secrets/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name
                    + "-secret\ntype: Opaque\nstringData:\n  password: " + enc(24) + "\n  username: " + enc(8) + "\n" + sopsBlock());
        }
        StringBuilder configs = new StringBuilder();
        for (int i = 0; i < configsPerApp; i++) {
            write(base + "config-" + i + ".yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "-config-" + i
                    + "\ndata:\n  key: value-" + i + "\n  mode: standard\n");
            configs.append("  - config-").append(i).append(".yaml\n");
        }
        String resources = "  - deployment.yaml\n  - service.yaml\n  - " + (external ? "externalsecret.yaml" : "secrets/secret.yaml")
                + "\n" + configs + (defect() ? "  - missing.yaml\n" : "");
        write(base + "kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                + resources);
        for (String c : clusters) {
            String overlay = "apps/" + c + "/" + name + "/";
            write(overlay + "kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                    + "namespace: " + name + "\nresources:\n  - ../../base/" + name + "\n  - namespace.yaml\npatches:\n"
                    + "  - path: replicas.yaml\n    target:\n      kind: Deployment\n      name: "
                    + (defect() ? name + "-typo" : name) + "\n");
            write(overlay + "replicas.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name
                    + "\nspec:\n  replicas: " + (1 + random.nextInt(4)) + "\n");
            write(overlay + "namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n");
        }
    }

    private void cluster(String c, int apps) throws IOException {
        String dir = "clusters/" + c + "/";
        write(dir + "flux-system/gotk-sync.yaml", "---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n"
                + "  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m0s\n  ref:\n    branch: main\n"
                + "  secretRef:\n    name: flux-system\n  url: ssh://git@github.com/example/fleet\n---\n"
                + "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-system\n"
                + "  namespace: flux-system\nspec:\n  interval: 10m0s\n  path: ./" + dir + "\n  prune: true\n  sourceRef:\n"
                + "    kind: GitRepository\n    name: flux-system\n");
        write(dir + "flux-system/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + "resources:\n  - gotk-sync.yaml\n");
        write(dir + "infrastructure.yaml", ks("infra-controllers", "./infrastructure/controllers", List.of(), false)
                + "---\n" + ks("infra-configs", "./infrastructure/configs", List.of("infra-controllers"), false));
        StringBuilder appsYaml = new StringBuilder();
        if (ksPerApp) {
            for (int i = 0; i < apps; i++) {
                List<String> deps = new ArrayList<>(List.of("infra-configs"));
                if (i > 0 && random.nextInt(4) == 0) {
                    deps.add("app-" + random.nextInt(i));
                }
                if (defect()) {
                    deps.add("app-missing-" + i);
                }
                write(dir + "apps/app-" + i + ".yaml", ks("app-" + i, "./apps/" + c + "/app-" + i, deps, true));
            }
            return;
        }
        int chunk = Math.max(1, apps / 20);
        for (int i = 0, group = 0; i < apps; i += chunk, group++) {
            if (group > 0) {
                appsYaml.append("---\n");
            }
            List<String> deps = new ArrayList<>(List.of("infra-configs"));
            if (group > 0 && random.nextBoolean()) {
                deps.add("apps-" + (group - 1));
            }
            if (defect()) {
                deps.add("apps-missing-" + group);
            }
            appsYaml.append(ks("apps-" + group, "./apps/" + c + "/app-" + i, deps, true));
        }
        write(dir + "apps.yaml", appsYaml.toString());
    }

    private static String ks(String name, String path, List<String> deps, boolean decrypt) {
        StringBuilder s = new StringBuilder("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ")
                .append(name).append("\n  namespace: flux-system\nspec:\n  interval: 1h\n  retryInterval: 1m\n  timeout: 5m\n");
        if (!deps.isEmpty()) {
            s.append("  dependsOn:\n");
            deps.forEach(d -> s.append("    - name: ").append(d).append('\n'));
        }
        s.append("  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ").append(path)
                .append("\n  prune: true\n  wait: true\n");
        if (decrypt) {
            s.append("  decryption:\n    provider: sops\n    secretRef:\n      name: sops-age\n");
        }
        return s.toString();
    }
}
