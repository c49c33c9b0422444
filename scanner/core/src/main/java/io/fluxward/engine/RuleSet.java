package io.fluxward.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The rules of a run, loaded with {@link ServiceLoader} from the class path and from extra rule
 * jars ({@code --rules-jar}). IDs must be unique and well formed.
 */
public final class RuleSet {

    /** Where a jar lists its rules for {@link ServiceLoader}. */
    static final String SERVICES = "META-INF/services/" + Rule.class.getName();

    private final Map<String, Rule> rules;
    private final List<String> warnings;

    private RuleSet(Map<String, Rule> rules, List<String> warnings) {
        this.rules = rules;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Rules on the class path plus those in {@code jars}. A file that is not a jar, or jars none of which
     * declares a rule, are errors: a scan must not pass quietly without the rules it was asked to run. A
     * jar without rules next to ones with rules is only a warning: it may hold classes the rules use.
     */
    public static RuleSet load(List<Path> jars) throws RuleLoadException {
        ClassLoader parent = RuleSet.class.getClassLoader();
        ClassLoader loader = parent;
        List<String> warnings = new ArrayList<>();
        if (!jars.isEmpty()) {
            List<URL> urls = new ArrayList<>();
            List<Path> withoutRules = new ArrayList<>();
            for (Path jar : jars) {
                if (!Files.isRegularFile(jar)) {
                    throw new RuleLoadException(jar + ": rules jar not found");
                }
                if (!declaresRules(jar)) {
                    withoutRules.add(jar);
                }
                try {
                    urls.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new RuleLoadException(jar + ": not a valid path");
                }
            }
            if (withoutRules.size() == jars.size()) {
                String which = jars.size() == 1 ? jars.get(0) + ": declares no rule" : "no rules jar declares a rule";
                throw new RuleLoadException(which + " (no " + SERVICES + " entry listing one)");
            }
            withoutRules.forEach(jar -> warnings.add(jar + ": declares no rule (no " + SERVICES
                    + " entry); only its classes are used"));
            loader = new URLClassLoader(urls.toArray(URL[]::new), parent);
        }
        List<Rule> found = new ArrayList<>();
        try {
            for (Rule rule : ServiceLoader.load(Rule.class, loader)) {
                found.add(rule);
            }
        } catch (ServiceConfigurationError e) {
            throw new RuleLoadException("cannot load a rule: " + e.getMessage());
        }
        return new RuleSet(of(found).rules, warnings);
    }

    /** True when the jar's services entry names at least one class; a file that is no jar is an error. */
    private static boolean declaresRules(Path jar) throws RuleLoadException {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry(SERVICES);
            if (entry == null) {
                return false;
            }
            try (InputStream in = file.getInputStream(entry)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return text.lines().map(l -> l.replaceFirst("#.*", "").strip()).anyMatch(l -> !l.isEmpty());
            }
        } catch (IOException | SecurityException e) {
            throw new RuleLoadException(jar + ": not a jar (cannot be read as a zip archive)");
        }
    }

    /** A rule set of exactly these rules (tests, embedding). */
    public static RuleSet of(Collection<? extends Rule> list) throws RuleLoadException {
        Map<String, Rule> byId = new TreeMap<>();
        for (Rule rule : list) {
            RuleDescriptor d;
            try {
                d = rule.descriptor();
            } catch (IllegalStateException e) {
                throw new RuleLoadException(e.getMessage());
            }
            if (!RuleDescriptor.ID.matcher(d.id()).matches()) {
                throw new RuleLoadException(rule.getClass().getName() + ": malformed rule ID '" + d.id() + "'");
            }
            if (!RuleDescriptor.PRECISIONS.contains(d.precision())) {
                throw new RuleLoadException(d.id() + ": precision '" + d.precision()
                        + "' is not very-high, high, medium or low");
            }
            if (!(rule instanceof FileRule) && !(rule instanceof RepositoryRule)) {
                throw new RuleLoadException(d.id() + ": implement FileRule or RepositoryRule");
            }
            Rule previous = byId.putIfAbsent(d.id(), rule);
            if (previous != null && previous.getClass() != rule.getClass()) {
                throw new RuleLoadException("two rules claim " + d.id() + ": " + previous.getClass().getName()
                        + " and " + rule.getClass().getName());
            }
        }
        return new RuleSet(java.util.Collections.unmodifiableMap(byId), List.of());
    }

    /** All rules by ID, sorted. */
    public Map<String, Rule> all() {
        return rules;
    }

    /** Problems with the rule jars that did not stop loading, one line each. */
    public List<String> warnings() {
        return warnings;
    }

    public Optional<Rule> get(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    /** Descriptors by ID, sorted. */
    public Map<String, RuleDescriptor> descriptors() {
        Map<String, RuleDescriptor> out = new LinkedHashMap<>();
        rules.forEach((id, r) -> out.put(id, r.descriptor()));
        return out;
    }

    /** Thrown when rules cannot be loaded (bad jar, duplicate IDs). */
    public static final class RuleLoadException extends IOException {
        private static final long serialVersionUID = 1L;

        public RuleLoadException(String message) {
            super(message);
        }
    }
}
