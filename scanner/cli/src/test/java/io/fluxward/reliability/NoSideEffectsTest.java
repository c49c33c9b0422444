package io.fluxward.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan has no side effects: it fetches nothing (every URL a repository can hold points at a
 * local listener that counts connections), runs nothing (kubeconfig exec plugins, KRM exec
 * functions, git hooks and git config commands would each leave a marker file), and writes
 * nothing but its {@code --output} (the tree is hashed byte for byte before and after). In a
 * forked JVM under strace (when available) the system calls confirm it: no inet connect, no
 * execve, no file opened for writing outside the output and the JVM's own perf data.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NoSideEffectsTest {

    @TempDir
    Path temp;

    private ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();
    private Thread acceptor;

    @BeforeAll
    static void ownExecution() {
        Reliability.requireOwnExecution();
    }

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.incrementAndGet();
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    connections.incrementAndGet();
                }
            }
        }, "canary-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws Exception {
        listener.close();
        acceptor.join(5000);
    }

    /** A repository that asks to be fetched from and executed in every way a GitOps repository can. */
    private Path hostileRepository(Path markers) throws Exception {
        String url = "http://127.0.0.1:" + listener.getLocalPort();
        Path repo = Files.createDirectories(temp.resolve("repo"));
        String script = "#!/bin/sh\ntouch '" + markers + "/ran-$(basename \"$0\")'\n";
        Path plugin = repo.resolve("plugin.sh");
        Files.writeString(plugin, script);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
        write(repo, "kubeconfig.yaml", "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: " + url + "}\n"
                + "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                + "      command: ./plugin.sh\n    auth-provider: {name: oidc, config: {idp-issuer-url: " + url + "}}\n"
                + "contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n");
        write(repo, "kustomization.yaml", "# yaml-language-server: $schema=" + url + "/schema.json\n"
                + "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - " + url + "/remote.yaml\n"
                + "  - github.com/example/repo//deploy?ref=v1\n  - git::" + url + "/repo.git\n  - apps\n"
                + "generators:\n  - generator.yaml\ntransformers:\n  - generator.yaml\n"
                + "helmCharts:\n  - name: chart\n    repo: " + url + "/charts\n    version: 1.0.0\n");
        write(repo, "generator.yaml", "apiVersion: example.com/v1\nkind: Generator\nmetadata:\n  name: gen\n  annotations:\n"
                + "    config.kubernetes.io/function: |\n      exec:\n        path: ./plugin.sh\n");
        write(repo, "apps/sources.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n"
                + "  name: app\n  namespace: flux-system\nspec:\n  url: " + url + "/app.git\n  interval: 1m\n---\n"
                + "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: charts\n"
                + "  namespace: flux-system\nspec:\n  url: " + url + "/charts\n---\n"
                + "apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nmetadata:\n  name: oci\n"
                + "  namespace: flux-system\nspec:\n  url: oci://127.0.0.1:" + listener.getLocalPort() + "/repo\n---\n"
                + "apiVersion: source.toolkit.fluxcd.io/v1\nkind: Bucket\nmetadata:\n  name: b\n  namespace: flux-system\n"
                + "spec:\n  endpoint: 127.0.0.1:" + listener.getLocalPort() + "\n  bucketName: x\n");
        write(repo, "apps/release.yaml", "$schema: " + url + "/values.schema.json\napiVersion: helm.toolkit.fluxcd.io/v2\n"
                + "kind: HelmRelease\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  chart:\n    spec:\n"
                + "      chart: " + url + "/chart.tgz\n"
                + "      sourceRef: {kind: HelmRepository, name: charts, namespace: flux-system}\n"
                + "  postRenderers:\n  - kustomize:\n      patches:\n      - patch: '[]'\n");
        write(repo, "apps/store.yaml", "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: {name: vault}\n"
                + "spec:\n  provider:\n    vault:\n      server: " + url + "\n      path: secret\n");
        write(repo, "apps/secret.enc.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n"
                + "  password: ENC[AES256_GCM,data:abcd,iv:MTIzNDU2Nzg5MDEy,tag:MTIzNDU2Nzg5MDEyMzQ1Ng==,type:str]\nsops:\n"
                + "  age:\n  - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n"
                + "    enc: x\n  lastmodified: '2024-01-01T00:00:00Z'\n  mac: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n"
                + "  version: 3.8.1\n");
        write(repo, ".sops.yaml", "creation_rules:\n  - path_regex: .*\n"
                + "    age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n");
        write(repo, ".envrc", "./plugin.sh\n");
        // A git folder whose hooks and config commands would run if anything called git here.
        Path git = Files.createDirectories(repo.resolve(".git/hooks"));
        write(repo, ".git/HEAD", "ref: refs/heads/main\n");
        write(repo, ".git/config", "[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = " + plugin
                + "\n\tsshCommand = " + plugin + "\n\tpager = " + plugin + "\n[diff]\n\texternal = " + plugin + "\n");
        Files.createDirectories(repo.resolve(".git/objects"));
        Files.createDirectories(repo.resolve(".git/refs/heads"));
        for (String hook : List.of("pre-commit", "post-checkout", "post-index-change", "reference-transaction", "pre-push")) {
            Path h = git.resolve(hook);
            Files.writeString(h, script);
            Files.setPosixFilePermissions(h, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return repo;
    }

    @Test
    void inProcessScanFetchesRunsAndWritesNothing() throws Exception {
        Path markers = Files.createDirectories(temp.resolve("markers"));
        Path repo = hostileRepository(markers);
        Map<String, String> before = hashTree(repo);
        List<URI> proxied = new ArrayList<>();
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                proxied.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        try {
            Path report = temp.resolve("out/report.txt");
            MeasuredRun run = MeasuredRun.inProcess("scan", "--no-color", "-v", "--output", report.toString(), repo.toString());
            assertThat(run.exit()).as(run.out() + run.err()).isIn(0, 1);
            assertThat(report).exists();
        } finally {
            ProxySelector.setDefault(previous);
        }
        assertThat(proxied).as("URLs opened through java.net").isEmpty();
        assertNothingHappened(repo, markers, before);
    }

    @Test
    void forkedScanUnderStraceMakesNoConnectNoExecNoWrite() throws Exception {
        assumeTrue(works("strace", "-V"), "strace is not installed");
        Path markers = Files.createDirectories(temp.resolve("markers"));
        Path repo = hostileRepository(markers);
        Map<String, String> before = hashTree(repo);
        Path trace = temp.resolve("trace.txt");
        Path report = temp.resolve("report.txt");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=connect,execve,openat,creat,rename,"
                + "unlink,mkdir", "-o", trace.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:-UsePerfData", "-Xshare:off", "-cp", MeasuredRun.classPath(), "io.fluxward.cli.Main", "scan",
                "--no-color", "--threads", "2", "--output", report.toString(), repo.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(temp.resolve("stdout.txt").toFile())
                .start();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(temp.resolve("stdout.txt"));
        assertThat(p.exitValue()).as(output).isIn(0, 1);
        List<String> calls = Files.readAllLines(trace, StandardCharsets.UTF_8);
        assertThat(calls).as("the trace sees the scan read the repository (else it proves nothing)")
                .anyMatch(c -> c.contains(repo.resolve("kustomization.yaml") + "\"") && c.contains("O_RDONLY"));
        assertThat(calls.stream().filter(c -> c.contains("connect(") && c.matches(".*AF_INET6?[,}].*")).toList())
                .as("inet connections").isEmpty();
        assertThat(calls.stream().filter(c -> c.contains("execve(")).toList()).as("programs started").hasSize(1)
                .allSatisfy(c -> assertThat(c).contains("bin/java"));
        String reportPath = report.toString();
        List<String> writes = calls.stream()
                .filter(c -> c.matches(".*(O_WRONLY|O_RDWR|O_CREAT).*") || c.matches("^\\d+\\s+(creat|rename|unlink|mkdir)\\(.*"))
                .filter(c -> !c.contains("= -1 "))
                .filter(c -> !c.contains("\"" + reportPath + "\"") && !c.contains("\"" + report.getParent() + "\""))
                .filter(c -> !c.contains("\"/dev/") && !c.contains("\"/proc/self/"))
                .toList();
        assertThat(writes).as("files opened for writing, created, renamed or removed besides --output").isEmpty();
        assertNothingHappened(repo, markers, before);
    }

    @Test
    void forkedScanWorksWithoutAnyNetwork() throws Exception {
        assumeTrue(works("unshare", "-n", "true"), "unshare -n needs root or user namespaces");
        Path markers = Files.createDirectories(temp.resolve("markers"));
        Path repo = hostileRepository(markers);
        List<String> command = new ArrayList<>(List.of("unshare", "-n",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", MeasuredRun.classPath(),
                "io.fluxward.cli.Main", "scan", "--no-color", repo.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isIn(0, 1);
        assertThat(output).doesNotContain("Exception", "internal error");
    }

    private void assertNothingHappened(Path repo, Path markers, Map<String, String> before) throws IOException {
        try (Stream<Path> ran = Files.list(markers)) {
            assertThat(ran.map(p -> p.getFileName().toString()).toList()).as("programs from the repository that ran").isEmpty();
        }
        assertThat(connections.get()).as("connections to the URLs in the repository").isZero();
        assertThat(hashTree(repo)).as("the repository, byte for byte, after the scan").isEqualTo(before);
    }

    private static void write(Path repo, String path, String text) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Every file and folder under {@code root} (the .git folder included) with its SHA-256 and permissions. */
    static Map<String, String> hashTree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS));
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, perms + " " + sha256(Files.readAllBytes(p)));
                } else {
                    out.put(rel, perms + (Files.isSymbolicLink(p) ? " -> " + Files.readSymbolicLink(p) : " dir"));
                }
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
