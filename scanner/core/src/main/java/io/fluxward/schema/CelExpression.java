package io.fluxward.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A CEL expression of a CRD's {@code x-kubernetes-validations}, in the subset the Flux and
 * External Secrets CRDs use: {@code self}, field selection, {@code has()}, {@code !}, {@code &&},
 * {@code ||}, {@code ?:}, comparisons, {@code in}, list literals, {@code size()},
 * {@code startsWith}/{@code endsWith}/{@code contains} and the {@code filter}/{@code exists}/
 * {@code all}/{@code exists_one} macros. Anything else (arithmetic, {@code oldSelf}, other
 * functions) does not parse: such a rule is not checked, so a rule fluxward cannot read never
 * makes a false error. Evaluation errors (a missing field, values of other types, a
 * {@code ${VAR}} whose value matters) leave the rule unchecked too, except where {@code &&} and
 * {@code ||} decide without the failing side, as in CEL.
 *
 * <p>Fields read through {@code self} see the object as the API server validates it: unknown
 * fields pruned and missing fields with a schema {@code default} defaulted.
 */
final class CelExpression {

    private static final int MAX_LENGTH = 4096;
    private static final int MAX_DEPTH = 48;
    private static final Set<String> MACROS = Set.of("filter", "exists", "all", "exists_one");
    private static final Set<String> STRING_FUNCTIONS = Set.of("startsWith", "endsWith", "contains");

    private final Expr root;

    private CelExpression(Expr root) {
        this.root = root;
    }

    /** The expression, or empty when it is outside the subset (or not CEL at all). */
    static Optional<CelExpression> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            Parser p = new Parser(text);
            Expr e = p.expr(0);
            p.expectEnd();
            check(e, Set.of("self"));
            return Optional.of(new CelExpression(e));
        } catch (Unsupported e) {
            return Optional.empty();
        }
    }

    /** Where the values of the object come from: whether a scalar holds a Flux variable. */
    interface Source {
        boolean variable(List<String> path);
    }

    /**
     * A value of the object: a mapping or a list, with its schema (for defaults and pruning) and
     * its path in the object (null for a default, which holds no variable).
     */
    record Node(Object json, JSONObject schema, List<String> path) {
    }

    /** Thrown when a value is unknown or an operation has no meaning: the rule is not checked. */
    static final class EvalError extends RuntimeException {
        EvalError(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown while parsing an expression outside the subset. */
    private static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Evaluates the expression with {@code self} bound to the JSON value at {@code path}.
     *
     * @return the result ({@link Boolean} for a validation rule)
     * @throws EvalError when the result is unknown
     */
    Object evaluate(Object json, JSONObject schema, List<String> path, Source source) {
        Evaluator ev = new Evaluator(source);
        return ev.eval(root, Map.of("self", ev.wrap(json, schema, path)));
    }

    // ---------------------------------------------------------------- syntax

    private sealed interface Expr permits Lit, Ident, Select, Call, Macro, ListLit, Not, Binary, Cond, Index {
    }

    private record Lit(Object value) implements Expr {
    }

    private record Ident(String name) implements Expr {
    }

    /** {@code operand.field}; {@code test} for {@code has(operand.field)}. */
    private record Select(Expr operand, String field, boolean test) implements Expr {
    }

    /** {@code size(x)}, {@code x.size()}, {@code x.startsWith(y)}...; target null for a global call. */
    private record Call(Expr target, String function, List<Expr> args) implements Expr {
    }

    private record Macro(Expr range, String name, String variable, Expr body) implements Expr {
    }

    private record ListLit(List<Expr> items) implements Expr {
    }

    private record Not(Expr operand) implements Expr {
    }

    private record Binary(String op, Expr left, Expr right) implements Expr {
    }

    private record Cond(Expr condition, Expr then, Expr otherwise) implements Expr {
    }

    private record Index(Expr operand, Expr index) implements Expr {
    }

    /** Free variables other than {@code self} and the macros' own are not CEL that a CRD rule can use here. */
    private static void check(Expr e, Set<String> bound) {
        if (e instanceof Ident i) {
            if (!bound.contains(i.name())) {
                throw new Unsupported("unknown variable " + i.name());
            }
        } else if (e instanceof Select s) {
            check(s.operand(), bound);
        } else if (e instanceof Call c) {
            if (c.target() != null) {
                check(c.target(), bound);
            }
            c.args().forEach(a -> check(a, bound));
        } else if (e instanceof Macro m) {
            check(m.range(), bound);
            Set<String> inner = new java.util.HashSet<>(bound);
            inner.add(m.variable());
            check(m.body(), inner);
        } else if (e instanceof ListLit l) {
            l.items().forEach(a -> check(a, bound));
        } else if (e instanceof Not n) {
            check(n.operand(), bound);
        } else if (e instanceof Binary b) {
            check(b.left(), bound);
            check(b.right(), bound);
        } else if (e instanceof Cond c) {
            check(c.condition(), bound);
            check(c.then(), bound);
            check(c.otherwise(), bound);
        } else if (e instanceof Index x) {
            check(x.operand(), bound);
            check(x.index(), bound);
        }
    }

    /** A recursive-descent parser of the subset, with CEL's precedence. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        void expectEnd() {
            skip();
            if (pos != s.length()) {
                throw new Unsupported("unexpected text at " + pos);
            }
        }

        Expr expr(int depth) {
            if (depth > MAX_DEPTH) {
                throw new Unsupported("too deep");
            }
            Expr c = or(depth);
            if (eat("?")) {
                Expr t = or(depth);
                expect(":");
                return new Cond(c, t, expr(depth + 1));
            }
            return c;
        }

        private Expr or(int depth) {
            Expr e = and(depth);
            while (eat("||")) {
                e = new Binary("||", e, and(depth));
            }
            return e;
        }

        private Expr and(int depth) {
            Expr e = relation(depth);
            while (eat("&&")) {
                e = new Binary("&&", e, relation(depth));
            }
            return e;
        }

        private Expr relation(int depth) {
            Expr e = unary(depth);
            while (true) {
                String op = eatAny("==", "!=", "<=", ">=", "<", ">");
                if (op == null && keyword("in")) {
                    op = "in";
                }
                if (op == null) {
                    return e;
                }
                e = new Binary(op, e, unary(depth));
            }
        }

        private Expr unary(int depth) {
            skip();
            if (peek("!") && !peek("!=")) {
                pos++;
                return new Not(unary(depth + 1));
            }
            if (peek("-") || peek("+") || peek("*") || peek("/") || peek("%")) {
                throw new Unsupported("arithmetic");
            }
            return member(depth);
        }

        private Expr member(int depth) {
            Expr e = primary(depth);
            while (true) {
                if (eat(".")) {
                    String name = ident();
                    if (eat("(")) {
                        e = receiverCall(e, name, args(depth, ")"));
                    } else {
                        e = new Select(e, name, false);
                    }
                } else if (eat("[")) {
                    Expr index = expr(depth + 1);
                    expect("]");
                    e = new Index(e, index);
                } else {
                    skip();
                    if (peek("-") || peek("+") || peek("*") || peek("/") || peek("%")) {
                        throw new Unsupported("arithmetic");
                    }
                    return e;
                }
            }
        }

        private Expr receiverCall(Expr target, String name, List<Expr> args) {
            if (MACROS.contains(name)) {
                if (args.size() != 2 || !(args.get(0) instanceof Ident v)) {
                    throw new Unsupported("macro " + name);
                }
                return new Macro(target, name, v.name(), args.get(1));
            }
            if ((name.equals("size") && args.isEmpty()) || (STRING_FUNCTIONS.contains(name) && args.size() == 1)) {
                return new Call(target, name, args);
            }
            throw new Unsupported("function " + name);
        }

        private Expr primary(int depth) {
            skip();
            if (pos >= s.length()) {
                throw new Unsupported("end of expression");
            }
            char c = s.charAt(pos);
            if (eat("(")) {
                Expr e = expr(depth + 1);
                expect(")");
                return e;
            }
            if (eat("[")) {
                return new ListLit(args(depth, "]"));
            }
            if (c == '\'' || c == '"') {
                return new Lit(string());
            }
            if (Character.isDigit(c)) {
                return new Lit(number());
            }
            String name = ident();
            switch (name) {
                case "true" -> {
                    return new Lit(Boolean.TRUE);
                }
                case "false" -> {
                    return new Lit(Boolean.FALSE);
                }
                case "null", "in" -> throw new Unsupported(name);
                default -> {
                }
            }
            if (eat("(")) {
                List<Expr> args = args(depth, ")");
                if (name.equals("has") && args.size() == 1 && args.get(0) instanceof Select sel && !sel.test()) {
                    return new Select(sel.operand(), sel.field(), true);
                }
                if (name.equals("size") && args.size() == 1) {
                    return new Call(null, "size", args);
                }
                throw new Unsupported("function " + name);
            }
            return new Ident(name);
        }

        private List<Expr> args(int depth, String close) {
            List<Expr> out = new ArrayList<>();
            if (eat(close)) {
                return out;
            }
            do {
                out.add(expr(depth + 1));
            } while (eat(","));
            expect(close);
            return out;
        }

        private String string() {
            char quote = s.charAt(pos);
            if (s.startsWith(String.valueOf(quote).repeat(3), pos)) {
                throw new Unsupported("triple-quoted string");
            }
            pos++;
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '\\', '\'', '"' -> out.append(e);
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        default -> throw new Unsupported("escape \\" + e);
                    }
                } else if (c == '\n') {
                    break;
                } else {
                    out.append(c);
                }
            }
            throw new Unsupported("unterminated string");
        }

        private Object number() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos < s.length() && (Character.isLetter(s.charAt(pos)) || s.charAt(pos) == '.')) {
                throw new Unsupported("number form"); // 1u, 0x1, 1.5, 1e3: not used by the CRDs
            }
            try {
                return Long.parseLong(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw new Unsupported("number");
            }
        }

        private String ident() {
            skip();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')
                    && s.charAt(pos) < 128) {
                pos++;
            }
            if (start == pos || Character.isDigit(s.charAt(start))) {
                throw new Unsupported("identifier expected at " + start);
            }
            return s.substring(start, pos);
        }

        private boolean keyword(String word) {
            skip();
            int end = pos + word.length();
            if (s.startsWith(word, pos) && (end == s.length() || !(Character.isLetterOrDigit(s.charAt(end))
                    || s.charAt(end) == '_'))) {
                pos = end;
                return true;
            }
            return false;
        }

        private String eatAny(String... ops) {
            for (String op : ops) {
                if (eat(op)) {
                    return op;
                }
            }
            return null;
        }

        private boolean eat(String token) {
            skip();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private boolean peek(String token) {
            return s.startsWith(token, pos);
        }

        private void expect(String token) {
            if (!eat(token)) {
                throw new Unsupported("expected " + token + " at " + pos);
            }
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }

    // ---------------------------------------------------------------- evaluation

    private static final class Evaluator {
        private final Source source;

        Evaluator(Source source) {
            this.source = source;
        }

        Object eval(Expr e, Map<String, Object> vars) {
            if (e instanceof Lit l) {
                return l.value();
            }
            if (e instanceof Ident i) {
                if (!vars.containsKey(i.name())) {
                    throw new EvalError("unknown variable");
                }
                return vars.get(i.name());
            }
            if (e instanceof Select s) {
                return select(eval(s.operand(), vars), s.field(), s.test());
            }
            if (e instanceof Call c) {
                return call(c, vars);
            }
            if (e instanceof Macro m) {
                return macro(m, vars);
            }
            if (e instanceof ListLit l) {
                List<Object> out = new ArrayList<>();
                l.items().forEach(item -> out.add(eval(item, vars)));
                return out;
            }
            if (e instanceof Not n) {
                return !bool(eval(n.operand(), vars));
            }
            if (e instanceof Binary b) {
                return binary(b, vars);
            }
            if (e instanceof Cond c) {
                return bool(eval(c.condition(), vars)) ? eval(c.then(), vars) : eval(c.otherwise(), vars);
            }
            Index x = (Index) e;
            return index(eval(x.operand(), vars), eval(x.index(), vars));
        }

        /** A JSON value as CEL sees it: scalars as Java values, mappings and lists as {@link Node}s. */
        Object wrap(Object json, JSONObject schema, List<String> path) {
            if (json instanceof JSONObject || json instanceof JSONArray) {
                return new Node(json, schema, path);
            }
            if (json instanceof String str) {
                if (path != null && str.contains("${") && source.variable(path)) {
                    throw new EvalError("the value is only known after Flux substitutes its variables");
                }
                return str;
            }
            if (json instanceof Boolean) {
                return json;
            }
            if (json instanceof Integer || json instanceof Long || json instanceof Short) {
                return ((Number) json).longValue();
            }
            if (json instanceof BigInteger b && b.bitLength() < 64) {
                return b.longValue();
            }
            if (json instanceof Double || json instanceof Float || json instanceof BigDecimal) {
                return ((Number) json).doubleValue();
            }
            throw new EvalError("a value of another type");
        }

        private Object select(Object operand, String field, boolean test) {
            if (!(operand instanceof Node n) || !(n.json() instanceof JSONObject obj)) {
                throw new EvalError("no such field");
            }
            Optional<JSONObject> schema = childSchema(n.schema(), field);
            boolean present = schema.isPresent() && obj.has(field);
            boolean defaulted = !present && schema.isPresent() && schema.get().has("default");
            if (test) {
                return present || defaulted;
            }
            if (present) {
                return wrap(obj.get(field), schema.get(), append(n.path(), field));
            }
            if (defaulted) {
                return wrap(schema.get().get("default"), schema.get(), null);
            }
            throw new EvalError("no such key");
        }

        private Object index(Object operand, Object index) {
            if (operand instanceof List<?> list && index instanceof Long i) {
                if (i < 0 || i >= list.size()) {
                    throw new EvalError("index out of range");
                }
                return list.get(i.intValue());
            }
            if (operand instanceof Node n && n.json() instanceof JSONArray arr && index instanceof Long i) {
                if (i < 0 || i >= arr.length()) {
                    throw new EvalError("index out of range");
                }
                return wrap(arr.get(i.intValue()), itemSchema(n.schema()), append(n.path(), String.valueOf(i)));
            }
            if (operand instanceof Node && index instanceof String key) {
                return select(operand, key, false);
            }
            throw new EvalError("no such index");
        }

        private Object call(Call c, Map<String, Object> vars) {
            Object target = eval(c.target() != null ? c.target() : c.args().get(0), vars);
            if (c.function().equals("size")) {
                return size(target);
            }
            Object arg = eval(c.args().get(0), vars);
            if (!(target instanceof String str) || !(arg instanceof String a)) {
                throw new EvalError("no such overload");
            }
            return switch (c.function()) {
                case "startsWith" -> str.startsWith(a);
                case "endsWith" -> str.endsWith(a);
                default -> str.contains(a);
            };
        }

        private long size(Object value) {
            if (value instanceof String str) {
                return str.codePointCount(0, str.length());
            }
            if (value instanceof List<?> list) {
                return list.size();
            }
            if (value instanceof Node n && n.json() instanceof JSONArray arr) {
                return arr.length();
            }
            if (value instanceof Node n && n.json() instanceof JSONObject) {
                return keys(n).size();
            }
            throw new EvalError("no such overload");
        }

        private Object macro(Macro m, Map<String, Object> vars) {
            List<Object> elements = elements(eval(m.range(), vars));
            Map<String, Object> inner = new java.util.HashMap<>(vars);
            List<Object> kept = new ArrayList<>();
            EvalError failed = null;
            int matches = 0;
            for (Object element : elements) {
                inner.put(m.variable(), element);
                boolean result;
                try {
                    result = bool(eval(m.body(), inner));
                } catch (EvalError e) {
                    if (m.name().equals("filter") || m.name().equals("exists_one")) {
                        throw e;
                    }
                    failed = e;
                    continue;
                }
                if (result) {
                    kept.add(element);
                    matches++;
                    if (m.name().equals("exists")) {
                        return true;
                    }
                } else if (m.name().equals("all")) {
                    return false;
                }
            }
            if (failed != null) {
                throw failed;
            }
            return switch (m.name()) {
                case "filter" -> kept;
                case "exists" -> false;
                case "all" -> true;
                default -> matches == 1;
            };
        }

        /** The elements of a list, or the keys of a mapping (which is what CEL's macros range over). */
        private List<Object> elements(Object range) {
            if (range instanceof List<?> list) {
                return new ArrayList<>(list);
            }
            if (range instanceof Node n && n.json() instanceof JSONArray arr) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < arr.length(); i++) {
                    out.add(wrap(arr.get(i), itemSchema(n.schema()), append(n.path(), String.valueOf(i))));
                }
                return out;
            }
            if (range instanceof Node n && n.json() instanceof JSONObject) {
                return new ArrayList<>(keys(n));
            }
            throw new EvalError("not a list or map");
        }

        private Object binary(Binary b, Map<String, Object> vars) {
            String op = b.op();
            if (op.equals("&&") || op.equals("||")) {
                boolean decisive = op.equals("||");
                EvalError failed = null;
                for (Expr side : List.of(b.left(), b.right())) {
                    try {
                        if (bool(eval(side, vars)) == decisive) {
                            return decisive;
                        }
                    } catch (EvalError e) {
                        failed = e;
                    }
                }
                if (failed != null) {
                    throw failed;
                }
                return !decisive;
            }
            Object l = eval(b.left(), vars);
            Object r = eval(b.right(), vars);
            return switch (op) {
                case "==" -> equal(l, r);
                case "!=" -> !equal(l, r);
                case "in" -> in(l, r);
                default -> compare(op, l, r);
            };
        }

        private boolean in(Object element, Object container) {
            if (container instanceof Node n && n.json() instanceof JSONObject) {
                if (!(element instanceof String key)) {
                    throw new EvalError("no such overload");
                }
                return keys(n).contains(key);
            }
            for (Object item : elements(container)) {
                if (equal(element, item)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean compare(String op, Object l, Object r) {
            int c;
            if (l instanceof Number a && r instanceof Number b) {
                c = a instanceof Long x && b instanceof Long y ? Long.compare(x, y)
                        : Double.compare(a.doubleValue(), b.doubleValue());
            } else if (l instanceof String a && r instanceof String b) {
                c = a.compareTo(b);
            } else {
                throw new EvalError("no such overload");
            }
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }

        /** Equality of scalars and lists of them; values of different types are not compared (no guess). */
        private static boolean equal(Object l, Object r) {
            if (l instanceof Number a && r instanceof Number b) {
                return a instanceof Long x && b instanceof Long y ? x.equals(y) : a.doubleValue() == b.doubleValue();
            }
            if ((l instanceof String && r instanceof String) || (l instanceof Boolean && r instanceof Boolean)) {
                return l.equals(r);
            }
            if (l instanceof List<?> a && r instanceof List<?> b) {
                if (a.size() != b.size()) {
                    return false;
                }
                for (int i = 0; i < a.size(); i++) {
                    if (!equal(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            throw new EvalError("no such overload");
        }

        private static boolean bool(Object value) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw new EvalError("not a boolean");
        }

        /** The keys of a mapping that the API server keeps (unknown fields are pruned). */
        private static List<String> keys(Node n) {
            JSONObject obj = (JSONObject) n.json();
            List<String> out = new ArrayList<>();
            for (String key : obj.keySet()) {
                if (childSchema(n.schema(), key).isPresent()) {
                    out.add(key);
                }
            }
            return out;
        }

        private static List<String> append(List<String> path, String segment) {
            if (path == null) {
                return null;
            }
            List<String> out = new ArrayList<>(path);
            out.add(segment);
            return out;
        }
    }

    /** The schema of a mapping's field, or empty when the API server prunes the field. */
    static Optional<JSONObject> childSchema(JSONObject schema, String field) {
        JSONObject props = schema.optJSONObject("properties");
        if (props != null && props.optJSONObject(field) != null) {
            return Optional.of(props.getJSONObject(field));
        }
        Object additional = schema.opt("additionalProperties");
        if (additional instanceof JSONObject a) {
            return Optional.of(a);
        }
        if (Boolean.TRUE.equals(additional) || schema.optBoolean("x-kubernetes-preserve-unknown-fields", false)
                || (props == null && additional == null)) {
            return Optional.of(new JSONObject());
        }
        return Optional.empty();
    }

    static JSONObject itemSchema(JSONObject schema) {
        JSONObject items = schema.optJSONObject("items");
        return items != null ? items : new JSONObject();
    }
}
