package io.fluxward.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxward.config.Config;
import io.fluxward.engine.RuleSet;
import io.fluxward.engine.ScanOptions;
import io.fluxward.engine.ScanResult;
import io.fluxward.engine.Scanner;
import io.fluxward.snapshot.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real git repository in a temporary folder, driven with the git command line (isolated from the user's config). */
final class TestRepo {

    /** The outcome of a command. */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    final Path dir;
    private final Path home;

    private TestRepo(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    /** {@code git init} in {@code parent/name}, with identity and no global or system config. */
    static TestRepo init(Path parent, String name) {
        Path home = parent.resolve("home");
        try {
            Files.createDirectories(home);
            Files.createDirectories(parent.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestRepo repo = new TestRepo(parent.resolve(name), home);
        repo.ok("init", "-q", "-b", "main");
        repo.ok("config", "user.email", "dev@example.com");
        repo.ok("config", "user.name", "Dev");
        repo.ok("config", "core.autocrlf", "false");
        repo.ok("config", "commit.gpgsign", "false");
        return repo;
    }

    /** Another folder of the same repository (a linked worktree) seen as a TestRepo. */
    TestRepo at(Path other) {
        return new TestRepo(other, home);
    }

    Map<String, String> env() {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("GIT_"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
        env.put("LC_ALL", "C");
        return env;
    }

    Run git(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(Arrays.asList(args));
        return run(cmd, Map.of());
    }

    Run ok(String... args) {
        Run r = git(args);
        assertThat(r.exit()).as("git " + String.join(" ", args) + "\n" + r.all()).isZero();
        return r;
    }

    /** Runs a command in the repository with the isolated environment plus {@code extra}. */
    Run run(List<String> command, Map<String, String> extra) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env());
        pb.environment().putAll(extra);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Run(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestRepo write(String path, String text) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TestRepo add(String... paths) {
        List<String> args = new ArrayList<>(List.of("add", "--"));
        args.addAll(Arrays.asList(paths));
        ok(args.toArray(String[]::new));
        return this;
    }

    TestRepo commit(String message) {
        ok("commit", "-q", "--no-verify", "-m", message);
        return this;
    }

    String head() {
        return ok("rev-parse", "HEAD").out().strip();
    }

    GitRepository open() throws GitException {
        return GitRepository.open(dir);
    }

    /** {@code scan --staged} in-process: index against HEAD. */
    ScanResult staged(RuleSet rules) throws IOException {
        try (GitRepository repo = open()) {
            Snapshot index = GitSnapshots.index(repo, "");
            Optional<org.eclipse.jgit.revwalk.RevCommit> head = repo.head();
            Snapshot before = head.isPresent() ? GitSnapshots.commit(repo, head.get(), "HEAD", "")
                    : GitSnapshots.empty("HEAD (no commit yet)");
            return ChangeScan.newFindings(new Scanner(rules), repo, before, index, Config.empty(),
                    ScanOptions.defaults().withThreads(2));
        }
    }

    /** Every file under the repository folder (work tree and .git) with its bytes, to prove nothing changed. */
    Map<String, byte[]> allBytes() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    /** Files of the repository folder that differ between two {@link #allBytes()} pictures. */
    static List<String> changed(Map<String, byte[]> before, Map<String, byte[]> after) {
        List<String> out = new ArrayList<>();
        for (String k : before.keySet()) {
            if (!after.containsKey(k) || !Arrays.equals(before.get(k), after.get(k))) {
                out.add(k);
            }
        }
        for (String k : after.keySet()) {
            if (!before.containsKey(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
