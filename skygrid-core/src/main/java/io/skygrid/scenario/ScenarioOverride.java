package io.skygrid.scenario;

import com.fasterxml.jackson.core.JsonToken;
import io.skygrid.scenario.YamlTree.Entry;
import io.skygrid.scenario.YamlTree.ListNode;
import io.skygrid.scenario.YamlTree.MapNode;
import io.skygrid.scenario.YamlTree.Node;
import io.skygrid.scenario.YamlTree.Scalar;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scalar field of a scenario set to a value before the scenario is validated, as in
 * {@code orbit[0].walker.altitudeKm=800}: the building block of parameter sweeps and of
 * {@code skygrid run --set}. The override replaces the value in the YAML tree, so the result is
 * validated exactly like a scenario file that says so, and errors name the scenario file, the line of
 * the replaced field and its path.
 *
 * <p><b>Path syntax.</b> Keys separated by dots, list items by a zero-based index in brackets:
 * {@code horizon}, {@code ground[0].gpus}, {@code orbit[1].payload.solarArrayM2}. Every mapping and list
 * item on the way must exist in the scenario; the last key may be absent from its mapping (it is then
 * added, and the loader rejects it if the scenario format has no such field). Every list must exist in the scenario; the last index of a list may also be one past its end (the
 * value is then appended as a new item, e.g. {@code ground[1]={name: b, ...}} on a scenario with one site).
 *
 * <p><b>Values</b> are YAML, typed as the scenario file would read them ({@link #parse(String)}): a scalar
 * (a number, a boolean or a text), or a flow list or mapping such as {@code [16, 64]} or
 * {@code {lat: 10, lon: 20}}, which may replace any value (a scalar may only replace a scalar or fill an
 * absent field). Every line of a flow value is taken as the line of the field it replaces, so an error
 * inside it names the scenario file, that line and the full field path, as for the file itself.
 *
 * @param path  field path, e.g. {@code orbit[0].walker.altitudeKm}
 * @param value the value as written (for a text, without quotes)
 * @param kind  how the value is typed
 */
public record ScenarioOverride(String path, String value, Kind kind) implements Serializable {

    /** How an override value is typed. */
    public enum Kind {
        NUMBER, BOOLEAN, TEXT,
        /** A YAML flow list or mapping ({@code [...]} or {@code {...}}), kept as written. */
        FLOW
    }

    private static final long serialVersionUID = 1L;
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)((?:\\[[0-9]+\\])*)");
    private static final Pattern INDEX = Pattern.compile("\\[([0-9]+)\\]");
    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?");

    public ScenarioOverride {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
        segments(path); // validates the syntax
        if (kind == Kind.FLOW) flowTree(path, value); // validates the YAML
    }

    /**
     * @return the flow value parsed as YAML
     * @throws IllegalArgumentException naming the path if it is not one valid YAML list or mapping
     */
    private static Node flowTree(String path, String value) {
        Node n;
        try {
            n = YamlTree.parseYaml(value, "value");
        } catch (InputException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(path + ": the value '" + InputException.quote(value)
                    + "' is not valid YAML: " + m.substring(m.indexOf(": ") + 2));
        }
        if (!(n instanceof MapNode) && !(n instanceof ListNode)) {
            throw new IllegalArgumentException(path + ": the value is not one YAML list or mapping, got '"
                    + InputException.quote(value) + "'");
        }
        return n;
    }

    /** @return {@code n} with every line set to {@code line} (a flow value stands on the replaced field's line) */
    private static Node atLine(Node n, int line) {
        if (n instanceof MapNode m) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Entry e : m.entries().values()) entries.put(e.key(), new Entry(e.key(), line, atLine(e.value(), line)));
            return new MapNode(line, Collections.unmodifiableMap(entries));
        }
        if (n instanceof ListNode l) {
            List<Node> items = new ArrayList<>();
            for (Node i : l.items()) items.add(atLine(i, line));
            return new ListNode(line, Collections.unmodifiableList(items));
        }
        Scalar s = (Scalar) n;
        return new Scalar(line, s.token(), s.text(), s.number(), s.quoted());
    }

    /**
     * Reads {@code path=value}. The value is typed as YAML reads a plain scalar: {@code 800} and
     * {@code 1.5e3} are numbers, {@code true}/{@code false} booleans, anything else text; quotes
     * ({@code "18:00"} or {@code '18:00'}) force text; a value starting with {@code [} or {@code &#123;}
     * is a YAML flow list or mapping ({@link Kind#FLOW}).
     *
     * @param assignment {@code path=value}
     * @return the override
     * @throws IllegalArgumentException if there is no {@code =}, the path is malformed, the value empty or
     *                                  a flow value not valid YAML
     */
    public static ScenarioOverride parse(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected path=value (e.g. orbit[0].walker.altitudeKm=800), got '"
                    + InputException.quote(assignment) + "'");
        }
        String path = assignment.substring(0, eq).strip();
        String raw = assignment.substring(eq + 1).strip();
        return of(path, raw);
    }

    /**
     * @param path field path
     * @param raw  value as written in YAML (quotes force text)
     * @return the override, typed as YAML reads {@code raw}
     * @throws IllegalArgumentException if the path is malformed or the value empty
     */
    public static ScenarioOverride of(String path, String raw) {
        if (raw.isEmpty()) throw new IllegalArgumentException(path + ": the value is empty");
        if (raw.charAt(0) == '[' || raw.charAt(0) == '{') return new ScenarioOverride(path, raw, Kind.FLOW);
        if (raw.length() >= 2 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')
                && raw.charAt(raw.length() - 1) == raw.charAt(0)) {
            return new ScenarioOverride(path, raw.substring(1, raw.length() - 1), Kind.TEXT);
        }
        if (raw.equals("true") || raw.equals("false")) return new ScenarioOverride(path, raw, Kind.BOOLEAN);
        if (NUMBER.matcher(raw).matches()) return new ScenarioOverride(path, raw, Kind.NUMBER);
        return new ScenarioOverride(path, raw, Kind.TEXT);
    }

    /** @return {@code path=value} as {@link #parse} reads it back */
    @Override
    public String toString() {
        boolean quote = kind == Kind.TEXT && !of(path, value).equals(this);
        return path + "=" + (quote ? "\"" + value + "\"" : value);
    }

    /**
     * One step of a path: a mapping key followed by zero or more list indices.
     *
     * @param key     mapping key
     * @param indices list indices applied after the key, in order
     */
    record Segment(String key, int[] indices) {
    }

    /** @throws IllegalArgumentException naming the path if it is malformed */
    static List<Segment> segments(String path) {
        if (path.isEmpty()) throw new IllegalArgumentException("the field path is empty");
        List<Segment> out = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + InputException.quote(path) + "' is not a field path such as "
                        + "orbit[0].walker.altitudeKm (keys separated by dots, list items as [index])");
            }
            List<Integer> idx = new ArrayList<>();
            Matcher im = INDEX.matcher(m.group(2));
            while (im.find()) {
                try {
                    idx.add(Integer.parseInt(im.group(1)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + InputException.quote(path) + "' has an index out of range");
                }
            }
            out.add(new Segment(m.group(1), idx.stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
    }

    /**
     * Applies overrides to a scenario tree, in order (a later override of the same path wins).
     *
     * @param root      the scenario document
     * @param overrides overrides
     * @param file      scenario file name for messages
     * @return a new tree; {@code root} is not modified
     * @throws InputException naming the file and the path if a mapping or list item on the path is missing,
     *                        or the field is a list or mapping rather than a scalar
     */
    static Node apply(Node root, List<ScenarioOverride> overrides, String file) {
        Node tree = root;
        for (ScenarioOverride o : overrides) {
            tree = o.applyTo(tree, file);
        }
        return tree;
    }

    private Node applyTo(Node root, String file) {
        return replace(root, segments(path), 0, "", file);
    }

    /** Rebuilds the nodes along the path with the leaf replaced; nodes off the path are shared. */
    private Node replace(Node node, List<Segment> segs, int depth, String at, String file) {
        Segment seg = segs.get(depth);
        String here = at.isEmpty() ? seg.key() : at + "." + seg.key();
        if (!(node instanceof MapNode map)) {
            throw new InputException(file, node.line(), at.isEmpty() ? null : at,
                    "is " + node.describe() + ", so it has no field '" + seg.key() + "' (override " + this + ")");
        }
        Entry entry = map.entries().get(seg.key());
        boolean last = depth == segs.size() - 1 && seg.indices().length == 0;
        Node child;
        if (entry == null) {
            if (!last) {
                throw new InputException(file, map.line(), here, "is not in the scenario, so the override " + this
                        + " has nothing to change there");
            }
            child = null;
        } else {
            child = entry.value();
        }
        Node replaced = descend(child, seg, 0, segs, depth, here, file, map.line());
        Map<String, Entry> entries = new LinkedHashMap<>(map.entries());
        int keyLine = entry != null ? entry.keyLine() : map.line();
        entries.put(seg.key(), new Entry(seg.key(), keyLine, replaced));
        return new MapNode(map.line(), Collections.unmodifiableMap(entries));
    }

    private Node descend(Node child, Segment seg, int k, List<Segment> segs, int depth, String here, String file,
                         int parentLine) {
        if (k < seg.indices().length) {
            int i = seg.indices()[k];
            String item = here + "[" + i + "]";
            if (!(child instanceof ListNode list)) {
                throw new InputException(file, child == null ? parentLine : child.line(), here,
                        "is " + (child == null ? "absent" : child.describe()) + ", not a list (override " + this + ")");
            }
            boolean append = i == list.items().size() && k == seg.indices().length - 1 && depth == segs.size() - 1;
            if (i >= list.items().size() && !append) {
                throw new InputException(file, list.line(), here, "has " + list.items().size() + " item"
                        + (list.items().size() == 1 ? "" : "s") + ", so " + item + " does not exist (override " + this
                        + "; a new item may be appended as " + here + "[" + list.items().size() + "])");
            }
            List<Node> items = new ArrayList<>(list.items());
            if (append) {
                items.add(descend(null, seg, k + 1, segs, depth, item, file, list.line()));
            } else {
                items.set(i, descend(list.items().get(i), seg, k + 1, segs, depth, item, file, list.line()));
            }
            return new ListNode(list.line(), Collections.unmodifiableList(items));
        }
        if (depth < segs.size() - 1) {
            return replace(child, segs, depth + 1, here, file);
        }
        int line = child != null ? child.line() : parentLine;
        if (kind == Kind.FLOW) return atLine(flowTree(path, value), line);
        if (child != null && !(child instanceof Scalar)) {
            throw new InputException(file, line, here, "is " + child.describe()
                    + " in the scenario; a single value cannot replace it (give a YAML flow "
                    + (child instanceof ListNode ? "list such as [1, 2]" : "mapping such as {key: value}")
                    + ", override " + this + ")");
        }
        return scalar(line);
    }

    /** @return this override's value as a scalar node on {@code line} */
    private Scalar scalar(int line) {
        return switch (kind) {
            case BOOLEAN -> new Scalar(line, value.equals("true") ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE, value, null);
            // a text that would read as a number or boolean unquoted was quoted on purpose ("512"): a number
            // field refuses it, as it refuses "512" in the file; other text is a plain scalar
            case TEXT -> new Scalar(line, JsonToken.VALUE_STRING, value, null, !of(path, value).equals(this));
            case FLOW -> throw new IllegalStateException("a flow value is not a scalar");
            case NUMBER -> {
                String t = value.replace("_", "");
                boolean integral = !t.contains(".") && !t.contains("e") && !t.contains("E");
                Number n;
                try {
                    n = integral ? (Number) new java.math.BigInteger(t.startsWith("+") ? t.substring(1) : t)
                            : (Number) Double.valueOf(t);
                } catch (NumberFormatException e) {
                    n = null;
                }
                yield new Scalar(line, integral ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT, value, n);
            }
        };
    }

    /**
     * What the scenario tree holds at {@code path}, for grid validation: {@code "number"},
     * {@code "boolean"}, {@code "text"}, {@code "absent"} or {@code "nothing"} (an explicit null), or
     * {@code "a mapping"}/{@code "a list"}.
     *
     * @throws InputException if a mapping or list item on the way does not exist
     */
    static String kindAt(Node root, String path, String file) {
        List<Segment> segs = segments(path);
        Node node = root;
        String at = "";
        for (int d = 0; d < segs.size(); d++) {
            Segment seg = segs.get(d);
            String here = at.isEmpty() ? seg.key() : at + "." + seg.key();
            if (!(node instanceof MapNode map)) {
                throw new InputException(file, node.line(), at.isEmpty() ? null : at,
                        "is " + node.describe() + ", so it has no field '" + seg.key() + "'");
            }
            Entry e = map.entries().get(seg.key());
            if (e == null) {
                if (d == segs.size() - 1 && seg.indices().length == 0) return "absent";
                throw new InputException(file, map.line(), here, "is not in the scenario");
            }
            node = e.value();
            for (int i : seg.indices()) {
                String item = here + "[" + i + "]";
                if (!(node instanceof ListNode list)) {
                    throw new InputException(file, node.line(), here, "is " + node.describe() + ", not a list");
                }
                if (i >= list.items().size()) {
                    throw new InputException(file, list.line(), here, "has " + list.items().size() + " item"
                            + (list.items().size() == 1 ? "" : "s") + ", so " + item + " does not exist");
                }
                node = list.items().get(i);
                here = item;
            }
            at = here;
        }
        if (node instanceof Scalar s) {
            return switch (s.token()) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
                case VALUE_TRUE, VALUE_FALSE -> "boolean";
                case VALUE_NULL -> "nothing";
                default -> "text";
            };
        }
        return node.describe();
    }
}
