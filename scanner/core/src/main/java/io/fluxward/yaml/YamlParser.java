package io.fluxward.yaml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Composes YAML text into {@link YNode} trees from snakeyaml-engine's event stream.
 *
 * <p>Why not snakeyaml-engine's own composer: it recurses once per nesting level (a deeply
 * nested file overflows the stack), has no bound on alias expansion, and drops duplicate keys
 * before we can report them. This composer is iterative, keeps an explicit stack, counts the
 * expanded size of every node, and records duplicate keys with their position. Re-defined
 * anchors are accepted (the later definition wins), as YAML 1.2 and go-yaml do.
 */
public final class YamlParser {

    /** Duplicate keys and foreign tags recorded per file; more are dropped (one file cannot flood the report). */
    static final int MAX_REPORTED = 1000;
    /** Parses of one file again with a separating tab made a space (each parses the whole file). */
    static final int MAX_TAB_RETRIES = 32;
    private static final int MIN_BUFFER = 1024;
    private static final int MAX_BUFFER = 1 << 20;
    private static final String CORE_TAG_PREFIX = "tag:yaml.org,2002:";
    /** A tag naming a class of a language ({@code !!java.lang.Runtime}, {@code !!python/object:os.system}). */
    private static final java.util.regex.Pattern LANGUAGE_TAG = java.util.regex.Pattern.compile(
            "(?:^!!?|[:/])(?:java|javax|jdk|sun|com\\.sun|python|ruby|php|perl|js|clojure)[./:]");
    private static final Set<String> STANDARD_TAGS = Set.of("str", "int", "float", "bool", "null", "map",
            "seq", "binary", "timestamp", "merge", "set", "omap", "pairs", "value", "yaml");

    private final YamlLimits limits;
    /**
     * Settings by buffer size (a power of two): building them compiles the schema's regular expressions,
     * which cost as much as parsing a small file. They are immutable and shared by the parsing threads.
     */
    private final java.util.concurrent.ConcurrentHashMap<Integer, LoadSettings> settings =
            new java.util.concurrent.ConcurrentHashMap<>();

    public YamlParser(YamlLimits limits) {
        this.limits = limits;
    }

    private LoadSettings settings(int textLength) {
        // snakeyaml-engine copies its whole look-ahead window each time it refills its buffer, so a long
        // scalar costs (length / buffer size) copies of up to its length: with the default 1 KiB buffer a
        // 9 MB line took 40 s. A buffer of up to 1 Mi chars (at least the text's length) makes that linear.
        int wanted = Math.min(Math.max(textLength + 1, MIN_BUFFER), MAX_BUFFER);
        int size = Math.min(Integer.highestOneBit(wanted - 1) << 1, MAX_BUFFER);
        return settings.computeIfAbsent(Math.max(size, MIN_BUFFER), bufferSize -> LoadSettings.builder()
                .setUseMarks(true)
                .setAllowDuplicateKeys(true)
                .setParseComments(false)
                .setCodePointLimit(Math.max(limits.maxCodePoints(), 1))
                .setBufferSize(bufferSize)
                .build());
    }

    /** Shared by {@link #parse(String)}: its only state is the cache of immutable settings. */
    private static final YamlParser DEFAULT = new YamlParser(YamlLimits.DEFAULT);

    /** Parses with the default limits. */
    public static YamlParse parse(String text) {
        return DEFAULT.parseText(text);
    }

    /**
     * Parses a whole YAML stream; never throws on bad input. YAML 1.2 (and kubectl) take a tab as the space between
     * tokens of a line ({@code token:<TAB>value}); snakeyaml-engine refuses it. Where parsing stops at such a tab
     * (text before it on its line, so it is no indentation; the scanner stops only between tokens, never inside a
     * scalar), the tab becomes a space, which keeps every line and column, and the text is parsed again: at most
     * {@link #MAX_TAB_RETRIES} times, as each try parses the whole file. A tab used as indentation stays an error.
     */
    public YamlParse parseText(String text) {
        YamlParse parse = parseOnce(text);
        char[] chars = null;
        for (int retry = 0; retry < MAX_TAB_RETRIES; retry++) {
            int tab = separatingTab(chars == null ? text : new String(chars), parse);
            if (tab < 0) {
                break;
            }
            if (chars == null) {
                chars = text.toCharArray();
            }
            chars[tab] = ' ';
            parse = parseOnce(new String(chars));
        }
        return parse;
    }

    /** The char index of the tab between two tokens of a line where parsing stopped, or -1. */
    static int separatingTab(String text, YamlParse parse) {
        Optional<YamlProblem> fatal = parse.fatal().filter(p -> p.kind() == YamlProblem.Kind.SYNTAX);
        if (fatal.isEmpty()) {
            return -1;
        }
        int lineStart = 0;
        for (int line = 1; line < fatal.get().span().line(); line++) {
            lineStart = LineBreaks.nextLineStart(text, lineStart);
            if (lineStart < 0) {
                return -1;
            }
        }
        int lineEnd = LineBreaks.lineEnd(text, lineStart);
        int columns = fatal.get().span().column() - 1;
        if (columns < 1 || text.codePointCount(lineStart, lineEnd) <= columns) {
            return -1;
        }
        int at = text.offsetByCodePoints(lineStart, columns);
        boolean afterText = text.substring(lineStart, at).chars().anyMatch(c -> !Character.isWhitespace(c));
        return text.charAt(at) == '\t' && afterText ? at : -1;
    }

    /** Parses once, as snakeyaml-engine reads the text. */
    private YamlParse parseOnce(String text) {
        LoadSettings settings = settings(text.length());
        Composer composer = new Composer(text.length(), YamlParse.holdsMarker(text));
        try {
            // snakeyaml-engine takes a CR for a line break only when a character follows it: a CR ending the file
            // would leave the end's mark on the last line, past its end. A LF after it (CR LF is one break) does not.
            String input = text.endsWith("\r") ? text + "\n" : text;
            Iterator<Event> events = new Parse(settings).parseString(input).iterator();
            while (events.hasNext()) {
                composer.accept(events.next());
            }
        } catch (Stop stop) {
            composer.problems.add(stop.problem);
        } catch (MarkedYamlEngineException e) {
            // Stopped by the end of the file inside a string or flow collection: the cause is where it opens.
            Optional<Mark> at = YamlMessages.unclosed(e) ? e.getContextMark() : e.getProblemMark();
            String message = YamlMessages.describe(e);
            Optional<Frame> flow = composer.stack.stream().filter(f -> f.start instanceof CollectionStartEvent c
                    && c.isFlow()).findFirst();
            if (YamlMessages.unclosed(e) && flow.isPresent() && String.valueOf(e.getContext()).contains("flow node")) {
                // Stopped waiting for an item (an empty collection, or one ending with a comma): snakeyaml's context
                // is that missing item, at the end of the file; the innermost open bracket is what is never closed.
                at = flow.get().start.getStartMark();
                message = "a flow " + (flow.get().mapping ? "mapping" : "sequence") + " opens here and is never closed";
            }
            composer.problems.add(new YamlProblem(YamlProblem.Kind.SYNTAX, message, span(at)));
        } catch (ReaderException e) {
            composer.problems.add(new YamlProblem(YamlProblem.Kind.SYNTAX, YamlMessages.describe(e),
                    spanOfCodePoint(text, e.getPosition())));
        } catch (YamlEngineException e) {
            String message = String.valueOf(e.getMessage());
            YamlProblem.Kind kind = message.contains("exceeds the limit") ? YamlProblem.Kind.LIMIT : YamlProblem.Kind.SYNTAX;
            composer.problems.add(new YamlProblem(kind, kind == YamlProblem.Kind.LIMIT
                    ? "a document is longer than " + limits.maxCodePoints() + " characters (limits.maxFileBytes)"
                    : YamlMessages.describe(e), composer.lastSpan));
        } catch (RuntimeException e) {
            // A defect in the parser on odd input must not stop the scan; report it as a syntax problem.
            composer.problems.add(new YamlProblem(YamlProblem.Kind.SYNTAX,
                    "YAML parser failed (" + e.getClass().getSimpleName() + ")", composer.lastSpan));
        } catch (StackOverflowError e) {
            composer.problems.add(new YamlProblem(YamlProblem.Kind.LIMIT, "YAML too deeply nested", composer.lastSpan));
        }
        YamlParse parse = new YamlParse(composer.documents, composer.problems, composer.notComments);
        if (composer.watchMarker && parse.fatal().isPresent()) {
            // Past the last event read, a '#' may as well be inside an unterminated string as start a comment.
            Span last = composer.lastSpan;
            composer.notComments.add(new Span(last.endLine(), last.endColumn(), Integer.MAX_VALUE, Integer.MAX_VALUE));
            parse = new YamlParse(composer.documents, composer.problems, composer.notComments);
        }
        return parse;
    }

    /** The line and column of the {@code index}-th code point (where snakeyaml's reader stopped). */
    static Span spanOfCodePoint(String text, int index) {
        return LineBreaks.spanOfCodePoint(text, index);
    }

    static Span span(Optional<Mark> mark) {
        return mark.map(m -> Span.of(m.getLine() + 1, m.getColumn() + 1)).orElse(Span.START);
    }

    static Span span(Event event) {
        Optional<Mark> start = event.getStartMark();
        Optional<Mark> end = event.getEndMark();
        if (start.isEmpty()) {
            return Span.START;
        }
        Mark s = start.get();
        Mark e = end.orElse(s);
        return new Span(s.getLine() + 1, s.getColumn() + 1, e.getLine() + 1, e.getColumn() + 1);
    }

    /** Unwinds the composer when a bound is hit. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient YamlProblem problem;

        Stop(YamlProblem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    /** An open collection on the composer's stack. */
    private static final class Frame {
        final boolean mapping;
        final Event start;
        final Optional<String> anchor;
        final Optional<String> tag;
        final List<YNode> items = new ArrayList<>();
        final List<YEntry> entries = new ArrayList<>();
        YNode pendingKey;
        long size = 1;

        Frame(boolean mapping, CollectionStartEvent start) {
            this.mapping = mapping;
            this.start = start;
            this.anchor = start.getAnchor().map(Anchor::getValue);
            this.tag = start.getTag();
        }
    }

    private final class Composer {
        final List<YDocument> documents = new ArrayList<>();
        final List<YamlProblem> problems = new ArrayList<>();
        final Deque<Frame> stack = new ArrayDeque<>();
        final Map<String, YNode> anchors = new HashMap<>();
        final Strings strings;
        /** True when the text holds a suppression marker: only then are {@link #notComments} recorded. */
        final boolean watchMarker;
        final List<Span> notComments = new ArrayList<>();
        Span lastSpan = Span.START;
        Span documentStart = Span.START;
        YNode root;
        int aliases;
        int duplicates;
        int tags;
        /** Nodes of the whole file, aliases counted at their expanded size: bounds memory and tree walks. */
        long nodes;

        Composer(int textLength, boolean watchMarker) {
            strings = new Strings(textLength);
            this.watchMarker = watchMarker;
        }

        void accept(Event event) {
            Span here = span(event);
            if (event.getStartMark().isPresent()) {
                lastSpan = here;
            }
            switch (event.getEventId()) {
                case DocumentStart -> {
                    anchors.clear();
                    root = null;
                    documentStart = here;
                }
                case DocumentEnd -> documents.add(new YDocument(documents.size(),
                        root == null ? YMissing.INSTANCE : root, documentStart.through(here)));
                case MappingStart, SequenceStart -> {
                    if (stack.size() >= limits.maxDepth()) {
                        throw new Stop(new YamlProblem(YamlProblem.Kind.LIMIT,
                                "nesting deeper than " + limits.maxDepth() + " levels (limits.maxDepth)", here));
                    }
                    count(1, here);
                    CollectionStartEvent start = (CollectionStartEvent) event;
                    checkTag(start.getTag(), here);
                    stack.push(new Frame(event.getEventId() == Event.ID.MappingStart, start));
                }
                case MappingEnd, SequenceEnd -> close(here);
                case Scalar -> {
                    ScalarEvent scalar = (ScalarEvent) event;
                    if (watchMarker && YamlParse.holdsMarker(scalar.getValue())) {
                        notComments.add(content(style(scalar), here)); // before a bound may stop parsing here
                    }
                    count(1, here);
                    checkTag(scalar.getTag(), here);
                    YNode node = new YScalar(strings.dedupe(scalar.getValue()), style(scalar), scalar.getTag(), here);
                    register(scalar, node);
                    add(node, 1);
                }
                case Alias -> {
                    if (++aliases > limits.maxAliases()) {
                        throw new Stop(new YamlProblem(YamlProblem.Kind.LIMIT,
                                "more than " + limits.maxAliases() + " aliases (limits.maxAliases)", here));
                    }
                    String name = ((AliasEvent) event).getAlias().getValue();
                    YNode target = anchors.get(name);
                    if (target == null) {
                        // The name is not quoted: an unquoted value that starts with '*' (a password...) reads as
                        // an alias, and messages must never show a secret.
                        throw new Stop(new YamlProblem(YamlProblem.Kind.SYNTAX, "an alias (*, " + name.length()
                                + " characters) refers to no earlier anchor (or to its own parent); a plain value that "
                                + "starts with '*' must be quoted", here));
                    }
                    count(target.expandedSize(), here);
                    add(target, target.expandedSize());
                }
                default -> {
                    // StreamStart, StreamEnd and comments carry nothing to compose.
                }
            }
        }

        /** A block scalar's content starts on the line after its header, which may end with a real comment. */
        private static Span content(YScalar.Style style, Span here) {
            boolean block = style == YScalar.Style.LITERAL || style == YScalar.Style.FOLDED;
            return block ? new Span(here.line() + 1, 1, here.endLine(), here.endColumn()) : here;
        }

        private void count(long added, Span here) {
            nodes += added;
            if (nodes > limits.maxExpandedNodes()) {
                throw new Stop(new YamlProblem(YamlProblem.Kind.LIMIT, "more than " + limits.maxExpandedNodes()
                        + " YAML nodes in the file" + (aliases > 0 ? " once its aliases are expanded" : "")
                        + " (limits.maxExpandedNodes)", here));
            }
        }

        private void close(Span end) {
            Frame frame = stack.pop();
            // A block collection's end event sits where the next token starts (the next line's indent): the
            // collection ends with its last child, so a finding's region does not reach into the next line.
            YNode last = null;
            if (frame.mapping && !frame.entries.isEmpty()) {
                last = frame.entries.get(frame.entries.size() - 1).value();
            } else if (!frame.mapping && !frame.items.isEmpty()) {
                last = frame.items.get(frame.items.size() - 1);
            }
            boolean block = !((CollectionStartEvent) frame.start).isFlow();
            Span span = span(frame.start).through(block && last != null && !(last instanceof YMissing) ? last.span() : end);
            if (frame.mapping) {
                reportDuplicateKeys(frame.entries);
            }
            YNode node = frame.mapping
                    ? new YMap(frame.entries, frame.tag, span, frame.size)
                    : new YSeq(frame.items, frame.tag, span, frame.size);
            frame.anchor.ifPresent(a -> anchors.put(a, node));
            add(node, frame.size);
        }

        /** Found when the mapping is complete, so no per-mapping key set is held while parsing. */
        private void reportDuplicateKeys(List<YEntry> entries) {
            if (entries.size() < 2) {
                return;
            }
            Set<String> seen = new HashSet<>(Math.max(16, entries.size() * 2));
            for (YEntry entry : entries) {
                if (entry.key() instanceof YScalar key && !seen.add(key.value()) && ++duplicates <= MAX_REPORTED) {
                    problems.add(new YamlProblem(YamlProblem.Kind.DUPLICATE_KEY,
                            "duplicate key '" + shorten(key.value()) + "'", key.span()));
                }
            }
        }

        private void register(NodeEvent event, YNode node) {
            event.getAnchor().ifPresent(a -> anchors.put(a.getValue(), node));
        }

        private void add(YNode node, long size) {
            Frame top = stack.peek();
            if (top == null) {
                root = node;
                return;
            }
            top.size += size;
            if (!top.mapping) {
                top.items.add(node);
            } else if (top.pendingKey == null) {
                top.pendingKey = node;
            } else {
                top.entries.add(new YEntry(top.pendingKey, node));
                top.pendingKey = null;
            }
        }

        private void checkTag(Optional<String> tag, Span here) {
            if (tag.isEmpty()) {
                return;
            }
            String t = tag.get();
            boolean foreign = t.startsWith(CORE_TAG_PREFIX)
                    ? !STANDARD_TAGS.contains(t.substring(CORE_TAG_PREFIX.length()))
                    : t.startsWith("!") && t.length() > 1 && t.contains(".");
            if (foreign && ++tags <= MAX_REPORTED) {
                String shown = shorten(t.startsWith(CORE_TAG_PREFIX) ? "!!" + t.substring(CORE_TAG_PREFIX.length()) : t);
                // A tag that names no class of a language is likely a value mistyped after '!' (password: !!hunter2).
                problems.add(new YamlProblem(YamlProblem.Kind.UNSAFE_TAG, LANGUAGE_TAG.matcher(shown).find()
                        ? "language-specific tag " + shown + " is never constructed (read as plain data)"
                        : "unknown tag (text not shown) is never constructed (read as plain data)", here));
            }
        }
    }

    /**
     * Shares the text of short scalars that repeat (keys such as {@code name}, values such as
     * {@code "true"}): a bounded table, so it costs nothing on hostile input and saves much of
     * the memory of real manifests. The table grows with the text (about one slot per 8 characters,
     * 64 to 4,096): a table of the biggest size per small file was a quarter of a full scan's allocation.
     */
    private static final class Strings {
        private static final int MIN_SLOTS = 64;
        private static final int MAX_SLOTS = 4096;
        private static final int MAX_LENGTH = 48;
        private final String[] table;

        Strings(int textLength) {
            int wanted = Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, textLength / 8));
            table = new String[Integer.highestOneBit(wanted)];
        }

        String dedupe(String value) {
            if (value.length() > MAX_LENGTH) {
                return value;
            }
            int slot = value.hashCode() & (table.length - 1);
            String known = table[slot];
            if (value.equals(known)) {
                return known;
            }
            table[slot] = value;
            return value;
        }
    }

    /**
     * Repository text quoted in a one-line message: line breaks and other control characters escaped (a tag
     * may spell one as {@code %0a}, a quoted key as {@code \n}), then clipped.
     */
    private static String shorten(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 64));
        for (int i = 0; i < text.length() && out.length() <= 60; ) {
            int next = text.offsetByCodePoints(i, 1);
            out.append(Printable.of(text.substring(i, next)));
            i = next;
        }
        if (out.length() <= 60) { // all of it: the loop stops only past 60
            return out.toString();
        }
        int cut = Math.min(out.length(), 57);
        if (cut > 0 && Character.isHighSurrogate(out.charAt(cut - 1))) {
            cut--;
        }
        return out.substring(0, cut) + "...";
    }

    private static YScalar.Style style(ScalarEvent scalar) {
        return switch (scalar.getScalarStyle()) {
            case SINGLE_QUOTED -> YScalar.Style.SINGLE_QUOTED;
            case DOUBLE_QUOTED, JSON_SCALAR_STYLE -> YScalar.Style.DOUBLE_QUOTED;
            case LITERAL -> YScalar.Style.LITERAL;
            case FOLDED -> YScalar.Style.FOLDED;
            default -> YScalar.Style.PLAIN;
        };
    }
}
