package io.fluxward.engine;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
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

/**
 * The rules of a run, loaded with {@link ServiceLoader} from the class path and from extra rule
 * jars ({@code --rules-jar}). IDs must be unique and well formed.
 */
public final class RuleSet {

    private final Map<String, Rule> rules;

    private RuleSet(Map<String, Rule> rules) {
        this.rules = rules;
    }

    /** Rules on the class path plus those in {@code jars}. */
    public static RuleSet load(List<Path> jars) throws RuleLoadException {
        ClassLoader parent = RuleSet.class.getClassLoader();
        ClassLoader loader = parent;
        if (!jars.isEmpty()) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : jars) {
                if (!Files.isRegularFile(jar)) {
                    throw new RuleLoadException(jar + ": rules jar not found");
                }
                try {
                    urls.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new RuleLoadException(jar + ": not a valid path");
                }
            }
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
        return of(found);
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
        return new RuleSet(java.util.Collections.unmodifiableMap(byId));
    }

    /** All rules by ID, sorted. */
    public Map<String, Rule> all() {
        return rules;
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
