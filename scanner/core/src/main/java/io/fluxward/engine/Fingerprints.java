package io.fluxward.engine;

import io.fluxward.model.FileModel;
import io.fluxward.model.InlineYaml;
import io.fluxward.model.KubeObject;
import io.fluxward.secrets.Mask;
import io.fluxward.yaml.Span;
import io.fluxward.yaml.YDocument;
import io.fluxward.yaml.YEntry;
import io.fluxward.yaml.YMap;
import io.fluxward.yaml.YNode;
import io.fluxward.yaml.YScalar;
import io.fluxward.yaml.YSeq;
import io.fluxward.yaml.YamlLimits;
import io.fluxward.yaml.YamlParse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stable identities for findings. A fingerprint hashes the rule, the path and a structural
 * locator of the offending node (the object's kind/namespace/name and the key path inside it),
 * so adding lines elsewhere in the file does not change it. Values are never hashed as such: a
 * finding about a secret adds only a short, salted digest of it ({@link #valueTag}).
 */
public final class Fingerprints {

    /**
     * The fields that identify a mapping without a {@code name} in a list, the first present wins: ESO
     * {@code data[].secretKey} (PushSecret's under {@code match}), generic keys and ids, paths (volume items,
     * ingress paths, mounts), the merge key of container ports, and the user fields of Helm values lists.
     */
    private static final List<List<String>> ITEM_IDS = List.of(List.of("secretKey"), List.of("match", "secretKey"),
            List.of("key"), List.of("id"), List.of("path"), List.of("mountPath"), List.of("containerPort"),
            List.of("port"), List.of("host"), List.of("username"), List.of("user"), List.of("email"));

    /** The key of a {@code KEY=VALUE} list item (a ConfigMap key's characters). */
    private static final Pattern LITERAL_KEY = Pattern.compile("\\s*([-._a-zA-Z0-9]+)\\s*=");

    /** How deep YAML written in a string of YAML written in a string... is followed (a patch that writes patches). */
    private static final int MAX_EMBEDDING = 4;

    /** Bits of a value tag: two values share one once in 65,536. */
    private static final int VALUE_BITS = 16;

    private Fingerprints() {
    }

    /** The structural locator of {@code node} in {@code file}, e.g. {@code Secret/apps/db:stringData.password}. */
    public static String locate(FileModel file, YNode node) {
        return locator(file).locate(node);
    }

    /**
     * True when {@code node} itself is a node of {@code file} (not a copy a build made, nor a node of YAML written in
     * one of its strings), so that its locator is its own place in the file.
     */
    public static boolean written(FileModel file, YNode node) {
        Locator locator = locator(file);
        int i = locator.documentOf(node);
        return i >= 0 && locator.path(locator.documents.get(i), node) != null;
    }

    /** A locator for many nodes of one file: each document is indexed once, on its first lookup. */
    public static Locator locator(FileModel file) {
        return new Locator(file, YamlLimits.DEFAULT);
    }

    /** As {@link #locator(FileModel)}, reading YAML written in the file's strings within {@code limits}. */
    public static Locator locator(FileModel file, YamlLimits limits) {
        return new Locator(file, limits);
    }

    /**
     * Finds locators by node identity. Linear in the size of the file, however many findings it has (a
     * finding used to cost a pass over every document and every object: 60,000 Secrets in one file took
     * minutes): the document of a node is found by binary search on the document spans, document names
     * are collected once, and a document's nodes are indexed only from its second lookup on, each with
     * just a link to its parent (paths are rendered per finding), so a huge document with a single
     * finding costs one walk and no index (a 378,000-key Secret ran out of a 256 MB heap). The locator of
     * a node is the first path in document order under which it appears: the place an anchored node is
     * defined, before any alias of it. A node that is not one of the file's is located by the place it is shown at
     * ({@link #elsewhere}). Thread-safe.
     */
    public static final class Locator {
        private final FileModel file;
        private final YamlLimits limits;
        private final List<YDocument> documents;
        /** Documents by root node, for roots outside their document's span. */
        private final Map<YNode, Integer> byRoot = new IdentityHashMap<>();
        /** True when document spans are in file order, so a binary search finds a node's document. */
        private final boolean ordered;
        private volatile Map<Integer, String> names;
        private final Map<Integer, Integer> lookups = new ConcurrentHashMap<>();
        private final Map<Integer, Map<YNode, Link>> byDocument = new ConcurrentHashMap<>();
        /** The item segments of a list at a path ({@link #itemSegment}), worked out once per list and path. */
        private final Map<YNode, Map<String, List<String>>> itemLabels = Collections.synchronizedMap(new IdentityHashMap<>());
        /** The documents of YAML written in a string (an inline patch), parsed once per string. */
        private final Map<YNode, List<YDocument>> embedded = Collections.synchronizedMap(new IdentityHashMap<>());

        private Locator(FileModel file, YamlLimits limits) {
            this.file = file;
            this.limits = limits;
            this.documents = file.documents();
            boolean inOrder = true;
            for (int i = 0; i < documents.size(); i++) {
                byRoot.putIfAbsent(documents.get(i).root(), i);
                if (i > 0 && (compare(documents.get(i - 1).span(), documents.get(i).span()) > 0
                        || compareEnds(documents.get(i - 1).span(), documents.get(i).span()) > 0)) {
                    inOrder = false;
                }
            }
            this.ordered = inOrder;
        }

        public String locate(YNode node) {
            int i = documentOf(node);
            if (i < 0) {
                // Outside any document (text files): the occurrence number tells findings apart. Line text is
                // never hashed, as it may hold a secret.
                return "text";
            }
            YDocument doc = documents.get(i);
            String found = path(doc, node);
            if (found == null) {
                found = elsewhere(doc.root(), n -> path(doc, n), node, 0);
            }
            return documentName(doc) + ":" + (found != null ? found : "@" + node.span().line());
        }

        /**
         * The locator of a node that is no node of the file but is shown at a place in it: a node of YAML written in a
         * string of the file (an inline patch, whose nodes are parsed from its text with the file's lines and columns)
         * by the string's path, the document's index in its text and its path there ({@code patches[0].patch>0:
         * spec.timeoutt#key:timeoutt}), at any depth; a copy a build made of a node of the file (a namespace a
         * replacement copied) by that node's path. Either is found by its place and what it holds (the same kind of
         * node, the same text for a scalar), so lines added above leave it alone. Null when nothing there matches.
         *
         * @param pathOf the path of a node of the tree under {@code root}
         */
        private String elsewhere(YNode root, Function<YNode, String> pathOf, YNode node, int depth) {
            List<YNode> around = around(root, node.span());
            List<YNode> here = around.stream().filter(n -> n.span().equals(node.span())).toList();
            YNode copyOf = samePlace(here, node);
            if (copyOf != null) {
                return pathOf.apply(copyOf);
            }
            if (depth >= MAX_EMBEDDING) {
                return null;
            }
            // The string that holds it: a literal block keeps its YAML's places, any other string gives them its own.
            for (YNode n : around) {
                if (!(n instanceof YScalar s) || s.span().endLine() == s.span().line() && !s.span().equals(node.span())) {
                    continue;
                }
                for (YDocument d : embedded.computeIfAbsent(n, this::parseEmbedded)) {
                    String inner = contains(d.span(), node.span()) ? elsewhere(d.root(), x -> {
                        List<Link> chain = find(d.root(), x);
                        return chain == null ? null : render(chain);
                    }, node, depth + 1) : null;
                    String holder = inner == null ? null : pathOf.apply(n);
                    if (holder != null) {
                        return holder + ">" + d.index() + ":" + inner;
                    }
                }
            }
            return null;
        }

        /**
         * The nodes of the tree under {@code root} whose place holds {@code at}, in document order (a mapping key before
         * its value): a walk down the branches that hold it only, so no index of a large document is made.
         */
        private static List<YNode> around(YNode root, Span at) {
            List<YNode> out = new ArrayList<>();
            Map<YNode, Boolean> seen = new IdentityHashMap<>();
            Deque<YNode> pending = new ArrayDeque<>();
            pending.push(root);
            while (!pending.isEmpty()) {
                YNode n = pending.pop();
                if (!contains(n.span(), at) || seen.put(n, Boolean.TRUE) != null) {
                    continue;
                }
                out.add(n);
                List<YEntry> entries = n.entries();
                for (int i = entries.size() - 1; i >= 0; i--) {
                    pending.push(entries.get(i).value());
                    pending.push(entries.get(i).key());
                }
                List<YNode> items = n.items();
                for (int i = items.size() - 1; i >= 0; i--) {
                    pending.push(items.get(i));
                }
            }
            return out;
        }

        /** The documents of the YAML text of a string of the file, with the file's spans; none when it is no YAML. */
        private List<YDocument> parseEmbedded(YNode text) {
            YamlParse parse = InlineYaml.parse(text, file.file(), limits);
            return parse.fatal().isPresent() ? List.of() : parse.documents();
        }

        /**
         * The first of {@code nodes}, the nodes at the place of {@code node}, that holds the same: the same kind of node,
         * a scalar of the same text. Where several do (a string that is not a literal block gives the whole string's
         * place to every node of its YAML), the first that holds all the node holds, else the first.
         */
        private static YNode samePlace(List<YNode> nodes, YNode node) {
            YNode first = null;
            for (YNode n : nodes) {
                if (n.getClass() != node.getClass() || n instanceof YScalar s && !s.value().equals(((YScalar) node).value())) {
                    continue;
                }
                if (nodes.size() == 1 || sameContent(n, node, new int[] {SAME_BUDGET})) {
                    return n;
                }
                if (first == null) {
                    first = n;
                }
            }
            return first;
        }

        /** How many nodes two trees are compared over before they count as different. */
        private static final int SAME_BUDGET = 2_000;

        /** True when two trees hold the same keys, items and texts, wherever they are. */
        private static boolean sameContent(YNode a, YNode b, int[] budget) {
            if (a == b) {
                return true;
            }
            if (--budget[0] < 0 || a.getClass() != b.getClass()) {
                return false;
            }
            if (a instanceof YScalar s) {
                return s.value().equals(((YScalar) b).value());
            }
            List<YEntry> ea = a.entries();
            List<YEntry> eb = b.entries();
            List<YNode> ia = a.items();
            List<YNode> ib = b.items();
            if (ea.size() != eb.size() || ia.size() != ib.size()) {
                return false;
            }
            for (int i = 0; i < ea.size(); i++) {
                if (!sameContent(ea.get(i).key(), eb.get(i).key(), budget)
                        || !sameContent(ea.get(i).value(), eb.get(i).value(), budget)) {
                    return false;
                }
            }
            for (int i = 0; i < ia.size(); i++) {
                if (!sameContent(ia.get(i), ib.get(i), budget)) {
                    return false;
                }
            }
            return true;
        }

        /** The first document (by index) whose span holds the node or whose root it is, else -1. */
        private int documentOf(YNode node) {
            Integer root = byRoot.get(node);
            int first = root == null ? Integer.MAX_VALUE : root;
            if (!ordered) {
                for (int i = 0; i < Math.min(first, documents.size()); i++) {
                    if (contains(documents.get(i).span(), node.span())) {
                        return i;
                    }
                }
                return root == null ? -1 : root;
            }
            // The first document that does not end before the node starts; documents from there on that
            // start at or before the node are the only ones that can hold it.
            Span at = node.span();
            int lo = 0;
            int hi = documents.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                Span s = documents.get(mid).span();
                if (s.endLine() < at.line() || (s.endLine() == at.line() && s.endColumn() < at.column())) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = lo; i < Math.min(first, documents.size()) && compare(documents.get(i).span(), at) <= 0; i++) {
                if (contains(documents.get(i).span(), at)) {
                    return i;
                }
            }
            return root == null ? -1 : root;
        }

        private String documentName(YDocument doc) {
            Map<Integer, String> known = names;
            if (known == null) {
                Map<Integer, String> built = new HashMap<>();
                for (KubeObject o : file.objects()) {
                    if (o.container().isEmpty()) {
                        built.putIfAbsent(o.document(), o.ref());
                    }
                }
                names = built;
                known = built;
            }
            String name = known.get(doc.index());
            return name != null ? name : unnamedDocument(doc);
        }

        /**
         * A document that is no object (no apiVersion, say) by the name it still has, with its kind where it has one,
         * so that a document added above it does not change its findings' fingerprints (documents of one name are told
         * apart by the rank of their findings, as occurrences of one locator are); by its position only when it has no
         * name. Not by a digest of its content: every edit in it (a Helm values file is such a document) would change
         * the fingerprints of all its findings.
         */
        private static String unnamedDocument(YDocument doc) {
            YNode root = doc.root();
            String kind = root.get("kind").textOr("");
            String name = root.get("metadata").get("name").textOr("");
            if (name.isEmpty()) {
                return "doc" + doc.index();
            }
            String ns = root.get("metadata").get("namespace").textOr("");
            return "(" + kind + "/" + (ns.isEmpty() ? "" : ns + "/") + name + ")";
        }

        /** The node's path in the document, or null when the document does not hold it. */
        private String path(YDocument doc, YNode node) {
            Map<YNode, Link> links = byDocument.get(doc.index());
            if (links == null && lookups.merge(doc.index(), 1, Integer::sum) > 1) {
                links = byDocument.computeIfAbsent(doc.index(), i -> links(doc.root()));
            }
            if (links == null) {
                List<Link> found = find(doc.root(), node);
                return found == null ? null : render(found);
            }
            Link link = links.get(node);
            if (link == null) {
                return null;
            }
            List<Link> chain = new ArrayList<>();
            for (Link l = link; l != null; l = l.parent() == null ? null : links.get(l.parent())) {
                chain.add(l);
            }
            Collections.reverse(chain);
            return render(chain);
        }

        /**
         * Each node of the tree under {@code root} with its parent and the key or index that leads to it, a
         * key node with the mapping that holds it: the first place where a node appears as a value, else the
         * first where it is a key. The tree of an alias is walked once.
         */
        private static Map<YNode, Link> links(YNode root) {
            Map<YNode, Link> links = new IdentityHashMap<>();
            Deque<Link> pending = new ArrayDeque<>();
            pending.push(new Link(root, null, null, false));
            while (!pending.isEmpty()) {
                Link step = pending.pop();
                Link known = links.get(step.node());
                if (known != null && !known.key()) {
                    continue;
                }
                links.put(step.node(), step);
                for (YEntry e : step.node().entries()) {
                    links.putIfAbsent(e.key(), new Link(e.key(), step.node(), e.keyText(), true));
                }
                children(step.node(), (child, segment) -> pending.push(new Link(child, step.node(), segment, false)));
            }
            return links;
        }

        /**
         * The path of one node without an index: a depth-first walk that keeps only the current path. It
         * walks aliased trees at each alias (the parser bounds that expanded size); the first occurrence
         * in that order is the one {@link #links} records.
         */
        private static List<Link> find(YNode root, YNode target) {
            List<Link> path = new ArrayList<>();
            List<Link> keyPath = null;
            Deque<Map.Entry<Link, Integer>> pending = new ArrayDeque<>();
            pending.push(Map.entry(new Link(root, null, null, false), 0));
            while (!pending.isEmpty()) {
                Map.Entry<Link, Integer> step = pending.pop();
                YNode n = step.getKey().node();
                path.subList(step.getValue(), path.size()).clear();
                path.add(step.getKey());
                if (n == target) {
                    return path;
                }
                for (YEntry e : n.entries()) {
                    if (e.key() == target && keyPath == null) {
                        keyPath = new ArrayList<>(path);
                        keyPath.add(new Link(e.key(), n, e.keyText(), true));
                    }
                }
                int depth = path.size();
                children(n, (child, segment) -> pending.push(Map.entry(new Link(child, n, segment, false), depth)));
            }
            return keyPath;
        }

        /** Calls {@code each} for the children of a node, last first (so a stack pops them in order). */
        private static void children(YNode n, BiConsumer<YNode, Object> each) {
            List<YEntry> entries = n.entries();
            for (int i = entries.size() - 1; i >= 0; i--) {
                each.accept(entries.get(i).value(), entries.get(i).keyText());
            }
            List<YNode> items = n.items();
            for (int i = items.size() - 1; i >= 0; i--) {
                each.accept(items.get(i), i);
            }
        }

        /**
         * A path from the root, e.g. {@code spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value}, or
         * {@code stringData#key:password}. A list item's segment is its identity where it has one
         * ({@link #itemSegment}), so an item inserted above it leaves its findings' fingerprints alone; a second
         * item of one identity (a duplicate env var) is told apart by its rank among them.
         */
        private String render(List<Link> chain) {
            StringBuilder out = new StringBuilder();
            for (Link l : chain.subList(1, chain.size())) {
                if (l.key()) {
                    continue;
                }
                if (l.segment() instanceof Integer index && l.parent() instanceof YSeq seq) {
                    out.append('[').append(labels(seq, out.toString()).get(index)).append(']');
                } else {
                    if (out.length() > 0) {
                        out.append('.');
                    }
                    out.append(l.segment());
                }
            }
            Link last = chain.get(chain.size() - 1);
            return out + (last.key() ? "#key:" + last.segment() : "");
        }

        private List<String> labels(YSeq seq, String listPath) {
            return itemLabels.computeIfAbsent(seq, s -> new ConcurrentHashMap<>()).computeIfAbsent(listPath, p -> {
                List<String> out = new ArrayList<>();
                Map<String, Integer> seen = new HashMap<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    String segment = itemSegment(seq.items().get(i), i, p);
                    int count = seen.merge(segment, 1, Integer::sum);
                    out.add(segment + (count > 1 ? "#" + count : ""));
                }
                return out;
            });
        }

        /** How a node is reached: from {@code parent} by a key or index, or as a key of the {@code parent} map. */
        private record Link(YNode node, YNode parent, Object segment, boolean key) {
        }
    }

    /**
     * How a list item is named in a locator: an embedded object ({@code kind: List} items) by
     * {@code Kind/namespace/name}; a mapping with a {@code name} by its {@code kind} and {@code namespace} where it
     * has them and its name ({@code env}, {@code containers}, {@code dependsOn}, {@code healthChecks}, RBAC
     * {@code subjects}, {@code valuesFrom}); else by the first of {@link #ITEM_IDS} it has; a {@code KEY=VALUE}
     * string (generator literals) by its KEY alone; any other scalar (a generator's file path, an argument) by a
     * 16-bit digest of its value salted with the list's path, never the value itself; anything else by its index,
     * as nothing else identifies it.
     */
    static String itemSegment(YNode item, int index, String listPath) {
        if (item instanceof YMap map) {
            String kind = map.get("kind").textOr("");
            String name = map.at("metadata", "name").textOr("");
            if (!kind.isEmpty() && !name.isEmpty()) {
                String ns = map.at("metadata", "namespace").textOr("");
                return named(kind + "/" + (ns.isEmpty() ? "" : ns + "/") + name);
            }
            Optional<String> itemName = map.get("name").text().filter(t -> !t.isEmpty());
            if (itemName.isPresent()) {
                String ns = map.get("namespace").textOr("");
                return (kind.isEmpty() ? "" : "kind=" + named(kind) + ",")
                        + (ns.isEmpty() ? "" : "namespace=" + named(ns) + ",") + "name=" + named(itemName.get());
            }
            for (List<String> field : ITEM_IDS) {
                Optional<String> id = map.at(field.toArray(String[]::new)).text().filter(t -> !t.isEmpty());
                if (id.isPresent()) {
                    return String.join(".", field) + "=" + named(id.get());
                }
            }
        } else if (item instanceof YScalar scalar) {
            Matcher m = LITERAL_KEY.matcher(scalar.value());
            if (m.lookingAt()) {
                return named(m.group(1)) + "=";
            }
            // Cut as a value tag is: the locator (kept in the cache, hashed into published fingerprints) must not
            // confirm a guessed value. Two items that share a digest are told apart by their rank among them.
            return "~" + hash("fluxward/item/v1\u0000" + listPath + "\u0000" + scalar.value()).substring(0, VALUE_BITS / 4);
        }
        return Integer.toString(index);
    }

    /** A name as it goes into a locator: a credential used as a name (a token as a key) only as a digest. */
    private static String named(String name) {
        return Mask.redact(name).equals(name) ? name : "#" + hash(name).substring(0, 16);
    }

    private static int compare(Span a, Span b) {
        return a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column());
    }

    private static int compareEnds(Span a, Span b) {
        return a.endLine() != b.endLine() ? Integer.compare(a.endLine(), b.endLine())
                : Integer.compare(a.endColumn(), b.endColumn());
    }

    private static boolean contains(Span outer, Span inner) {
        boolean startsAfter = inner.line() > outer.line()
                || (inner.line() == outer.line() && inner.column() >= outer.column());
        boolean endsBefore = inner.line() < outer.endLine()
                || (inner.line() == outer.endLine() && inner.column() <= outer.endColumn());
        return startsAfter && endsBefore;
    }

    /** The final fingerprint: hash of rule, path, locator and the occurrence number of that triple. */
    public static String fingerprint(String ruleId, String path, String locator, int occurrence) {
        return hash(ruleId + "\u0000" + path + "\u0000" + locator + "\u0000" + occurrence).substring(0, 32);
    }

    /**
     * The part of a locator that tells secret values at one place apart, so that another value is another
     * finding (a leaked key replaced by a new leaked key is not hidden by a baseline or a pre-commit
     * comparison). Baselines and reports are committed and uploaded, so it must not give the value away: it
     * is SHA-256 of the value salted with the rule and the locator (a table of guesses serves one place only),
     * cut to 16 bits, so one candidate value in 65,536 of any list has the same tag: it cannot be reversed,
     * and picks no value out of a list of guesses longer than that (key stretching would add nothing to that,
     * only time to every scan). Besides the value it depends only on what the locator does (not on the path,
     * the machine or the run), so it is as stable as they are.
     */
    public static String valueTag(String ruleId, String locator, String value) {
        return hash("fluxward/value/v1\u0000" + ruleId + "\u0000" + locator + "\u0000" + value)
                .substring(0, VALUE_BITS / 4);
    }

    /**
     * One part of a finding about several secret values of one object ({@link Finding#parts}): a digest of the
     * value's locator and its {@link #valueTag}, so it tells no more about the value than the tag does. It does not
     * depend on the path (a finding's fingerprint does), nor on the other values or their order.
     */
    public static String part(String ruleId, String locator, String valueTag) {
        return hash("fluxward/part/v1\u0000" + ruleId + "\u0000" + locator + "#value:" + valueTag).substring(0, 16);
    }

    static String hash(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The locator a finding keyed by its file's name is reported with ({@link RuleContext.FindingBuilder#keyFileName});
     * the fingerprint is made with {@link #keyed} of the name of the file's identity path instead.
     */
    static final String FILE_NAME = "key:\u0000file-name";

    /** The locator that goes into a fingerprint: {@code locator} itself, or for {@link #FILE_NAME} the name's key. */
    static String resolve(String locator, String identityPath) {
        return locator.equals(FILE_NAME) ? keyed(identityPath.substring(identityPath.lastIndexOf('/') + 1)) : locator;
    }

    /** Used by tests and tools that need the locator of a finding that was given a key. */
    public static String keyed(String key) {
        return "key:" + key;
    }
}
