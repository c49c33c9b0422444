package io.fluxward.cli;

import io.fluxward.engine.RuleInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a third-party rule jar at test time: Java sources compiled with {@code javax.tools}
 * against fluxward's public API only, plus a {@code META-INF/services} entry, exactly as a rule
 * author outside this repository would ship it.
 */
final class ExternalRuleJar {

    /** A warning rule that flags images tagged {@code :latest}. */
    static final String LATEST_TAG = """
            package com.acme.fluxrules;

            import io.fluxward.engine.FileRule;
            import io.fluxward.engine.Level;
            import io.fluxward.engine.RuleContext;
            import io.fluxward.engine.RuleInfo;
            import io.fluxward.model.FileModel;
            import io.fluxward.model.KubeObject;
            import io.fluxward.yaml.YWalker;

            @RuleInfo(id = "ACME-L001", name = "latest-image-tag", level = Level.WARNING,
                    summary = "A container image uses the latest tag.",
                    description = "Images tagged latest change under a running workload.",
                    fix = "Pin a version tag or a digest.",
                    bad = "apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: p\\nspec:\\n  containers:\\n"
                            + "    - image: nginx:latest\\n",
                    good = "apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: p\\nspec:\\n  containers:\\n"
                            + "    - image: nginx:1.27\\n",
                    tags = {"acme", "images"})
            public final class LatestTag implements FileRule {
                @Override
                public void check(FileModel file, RuleContext context) {
                    for (KubeObject o : file.objects()) {
                        YWalker.walk(o.node(), (path, node) -> {
                            if (!path.isEmpty() && "image".equals(path.get(path.size() - 1))
                                    && node.textOr("").endsWith(":latest")) {
                                context.report(o, node, "image " + node.textOr("") + " uses the latest tag");
                            }
                            return true;
                        });
                    }
                }
            }
            """;

    /** An opt-in note rule: ConfigMaps need an owner label. */
    static final String OWNER_LABEL = """
            package com.acme.fluxrules;

            import io.fluxward.engine.Level;
            import io.fluxward.engine.RepositoryRule;
            import io.fluxward.engine.RuleContext;
            import io.fluxward.engine.RuleInfo;
            import io.fluxward.model.RepositoryModel;

            @RuleInfo(id = "ACME-O001", name = "configmap-owner", level = Level.NOTE, optIn = true,
                    summary = "A ConfigMap has no owner label.",
                    description = "Every ConfigMap names the team that owns it.",
                    fix = "Add metadata.labels.owner.",
                    bad = "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: c\\n",
                    good = "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: c\\n  labels:\\n    owner: web\\n",
                    tags = {"acme"})
            public final class OwnerLabel implements RepositoryRule {
                @Override
                public void check(RepositoryModel model, RuleContext context) {
                    model.objects("", "ConfigMap").filter(o -> !o.labels().containsKey("owner"))
                            .forEach(o -> context.report(o, o.node().keyNode("kind"), o.ref() + " has no owner label"));
                }
            }
            """;

    /** A rule that claims a built-in rule's ID. */
    static final String IMPOSTOR = """
            package com.acme.fluxrules;

            import io.fluxward.engine.FileRule;
            import io.fluxward.engine.Level;
            import io.fluxward.engine.RuleContext;
            import io.fluxward.engine.RuleInfo;
            import io.fluxward.model.FileModel;

            @RuleInfo(id = "FW-G001", name = "impostor", level = Level.NOTE, summary = "S.", description = "D.",
                    fix = "F.", bad = "a: 1", good = "a: 2", tags = {"acme"})
            public final class Impostor implements FileRule {
                @Override
                public void check(FileModel file, RuleContext context) {
                }
            }
            """;

    private ExternalRuleJar() {
    }

    /** Compiles {@code sources} (class name to source) into {@code dir/name.jar} with a service entry for each. */
    static Path build(Path dir, String name, Map<String, String> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("this test needs a JDK (javax.tools compiler), not a JRE");
        }
        Path src = Files.createDirectories(dir.resolve(name + "-src/com/acme/fluxrules"));
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                "-classpath", apiClassPath()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey() + ".java");
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            args.add(file.toString());
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("compiling the external rule failed: "
                    + diagnostics.toString(StandardCharsets.UTF_8));
        }
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    zip.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    zip.write(Files.readAllBytes(f));
                    zip.closeEntry();
                }
            }
            zip.putNextEntry(new JarEntry("META-INF/services/io.fluxward.engine.Rule"));
            StringBuilder services = new StringBuilder();
            sources.keySet().forEach(c -> services.append("com.acme.fluxrules.").append(c).append('\n'));
            zip.write(services.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }

    /** Where fluxward's public API classes are (the core module's classes or jar). */
    private static String apiClassPath() {
        try {
            return Path.of(RuleInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
