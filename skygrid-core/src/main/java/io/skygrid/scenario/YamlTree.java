package io.skygrid.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * A minimal document tree that remembers the 1-based source line of every node, built by walking
 * Jackson's streaming parser (YAML or JSON). Databind's trees and POJO binding drop locations; the
 * scenario and GeoJSON validators need them to say {@code file:line: field problem}.
 *
 * <p>Package-private: the tree is an implementation detail of {@link ScenarioLoader} and {@link GroundStations}.
 */
final class YamlTree {

    /** Deepest nesting of lists and mappings accepted; a scenario needs about five levels. */
    static final int MAX_DEPTH = 100;
    private static final String NESTED_TOO_DEEPLY =
            "nested too deeply (more than " + MAX_DEPTH + " levels of lists and mappings)";

    private YamlTree() {
    }

    /** A node of the tree. {@link #line()} is 1-based; 0 when unknown. */
    sealed interface Node permits MapNode, ListNode, Scalar {
        int line();

        /** @return a short description for "got ..." messages: {@code a mapping}, {@code a list} or {@code 'text'} */
        String describe();
    }

    /** One key of a mapping: the line of the key itself and its value. */
    record Entry(String key, int keyLine, Node value) {
    }

    /** A mapping; keys keep their document order. */
    record MapNode(int line, Map<String, Entry> entries) implements Node {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A sequence. */
    record ListNode(int line, List<Node> items) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar value.
     *
     * @param token  Jackson's token kind (VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE,
     *               VALUE_FALSE, VALUE_NULL)
     * @param text   the text as written
     * @param number the parsed number for numeric tokens, else null
     * @param quoted   whether the value was written as a string on purpose: quoted ({@code "512"},
     *                 {@code '512'}) or tagged {@code !!str} in YAML, any string in JSON. A number or boolean
     *                 field refuses such a value even if its text reads as one; a plain YAML scalar that
     *                 Jackson leaves as text (e.g. {@code 1e3}) is not quoted
     */
    record Scalar(int line, JsonToken token, String text, Number number, boolean quoted) implements Node {
        /** A scalar that is not a deliberate string (see {@code quoted}). */
        Scalar(int line, JsonToken token, String text, Number number) {
            this(line, token, text, number, false);
        }

        /** @return whether this is a string written in quotes or tagged {@code !!str} (or a JSON string) */
        boolean isQuotedString() {
            return quoted && token == JsonToken.VALUE_STRING;
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        @Override
        public String describe() {
            return isNull() ? "nothing" : "'" + text + "'";
        }
    }

    /**
     * Parses one YAML document into a tree.
     *
     * @param text        document text
     * @param displayName file name used in error messages
     * @return the root node, or null if the document is empty
     * @throws InputException on a syntax error (with its line), a duplicate key, a second document, an
     *                        anchor or alias, a key that is a list or mapping, or nesting deeper than
     *                        {@value #MAX_DEPTH} levels
     */
    static Node parseYaml(String text, String displayName) {
        Set<Long> quoted = checkEvents(text, displayName);
        return parse(YAMLFactory.builder().loaderOptions(loaderOptions()).build(), text, displayName,
                at -> quoted.contains(at));
    }

    /**
     * Walks SnakeYAML's event stream once before Jackson reads the document, for what Jackson hides or
     * reports badly: anchors and aliases (Jackson yields an alias as the plain text of its name), complex
     * keys, deep nesting, and the exact line of a syntax error.
     *
     * @return the character offsets of the scalars written as deliberate strings: quoted, block
     *         ({@code |}, {@code >}) or with an explicit tag ({@code !!str 512}); Jackson reports these
     *         and plain text alike as strings
     */
    private static Set<Long> checkEvents(String text, String displayName) {
        Deque<int[]> open = new ArrayDeque<>(); // per open collection: {1 if mapping else 0, child nodes so far}
        Set<Long> quoted = new HashSet<>();
        try {
            for (Event e : new Yaml(loaderOptions()).parse(new StringReader(text))) {
                int line = line(e.getStartMark());
                if (e instanceof ScalarEvent s && (s.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN
                        || (s.getTag() != null && !s.getTag().equals("!")))) {
                    quoted.add((long) s.getStartMark().getIndex());
                }
                if (e instanceof AliasEvent a) {
                    throw new InputException(displayName, line, null,
                            "YAML anchors and aliases are not supported (found alias *" + a.getAnchor() + ")");
                }
                if (e instanceof NodeEvent n && n.getAnchor() != null) {
                    throw new InputException(displayName, line, null,
                            "YAML anchors and aliases are not supported (found anchor &" + n.getAnchor() + ")");
                }
                if (e instanceof NodeEvent) {
                    int[] parent = open.peek();
                    if (parent != null) {
                        if (parent[0] == 1 && parent[1] % 2 == 0 && e instanceof CollectionStartEvent) {
                            throw new InputException(displayName, line, null, "keys must be plain names, got a "
                                    + (e instanceof MappingStartEvent ? "mapping" : "list"));
                        }
                        parent[1]++;
                    }
                    if (e instanceof CollectionStartEvent) {
                        open.push(new int[] {e instanceof MappingStartEvent ? 1 : 0, 0});
                        if (open.size() > MAX_DEPTH) {
                            throw new InputException(displayName, line, null, NESTED_TOO_DEEPLY);
                        }
                    }
                } else if (e instanceof CollectionEndEvent) {
                    open.pop();
                }
            }
        } catch (MarkedYAMLException e) {
            throw syntaxError(e, text, displayName);
        } catch (YAMLException e) {
            throw new InputException(displayName, 0, null, "syntax error: " + firstLine(e.getMessage()));
        }
        return quoted;
    }

    /**
     * SnakeYAML limits: at most {@link ScenarioLoader#MAX_SCENARIO_BYTES} code points (the file size limit
     * also holds for text given directly), the nesting limit above, no recursive keys.
     */
    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit((int) ScenarioLoader.MAX_SCENARIO_BYTES);
        o.setNestingDepthLimit(MAX_DEPTH + 1);
        o.setAllowRecursiveKeys(false);
        return o;
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    /**
     * Parses one JSON document into a tree.
     *
     * @see #parseYaml(String, String)
     */
    static Node parseJson(String text, String displayName) {
        return parse(new JsonFactory(), text, displayName, at -> true);
    }

    /**
     * @param quotedAt whether the string scalar starting at this character offset was written as a
     *                 deliberate string
     */
    private static Node parse(JsonFactory factory, String text, String displayName, LongPredicate quotedAt) {
        JsonParser parser;
        try {
            parser = factory.createParser(text);
        } catch (IOException e) {
            throw new InputException(displayName, 0, null, "cannot be read: " + e.getMessage());
        }
        try (JsonParser p = parser) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            Node root = read(p, t, displayName, 1, quotedAt);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new InputException(displayName, line(p), null,
                        "holds more than one document; only one is allowed");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new InputException(displayName, Math.max(0, parser.currentLocation().getLineNr()), null,
                    NESTED_TOO_DEEPLY);
        } catch (JsonProcessingException e) {
            throw syntaxError(e, text, displayName);
        } catch (IOException e) {
            throw new InputException(displayName, 0, null, "cannot be read: " + e.getMessage());
        }
    }

    private static Node read(JsonParser p, JsonToken t, String displayName, int depth, LongPredicate quotedAt)
            throws IOException {
        int line = line(p);
        if (depth > MAX_DEPTH && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
            throw new InputException(displayName, line, null, NESTED_TOO_DEEPLY);
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    Node value = read(p, p.nextToken(), displayName, depth + 1, quotedAt);
                    Entry previous = entries.get(key);
                    if (previous != null) {
                        throw new InputException(displayName, keyLine, null,
                                "duplicate key '" + key + "' (first at line " + previous.keyLine() + ")");
                    }
                    entries.put(key, new Entry(key, keyLine, value));
                }
                return new MapNode(line, Collections.unmodifiableMap(entries));
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, t, displayName, depth + 1, quotedAt));
                }
                return new ListNode(line, Collections.unmodifiableList(items));
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                Number n;
                try {
                    n = p.getNumberValue();
                } catch (IOException | RuntimeException e) {
                    n = null; // e.g. an unusual YAML 1.1 literal: validated later from the text
                }
                return new Scalar(line, t, p.getText(), n);
            }
            case VALUE_STRING:
                return new Scalar(line, t, p.getText(), null, quotedAt.test(p.currentTokenLocation().getCharOffset()));
            case VALUE_TRUE:
            case VALUE_FALSE:
            case VALUE_NULL:
                return new Scalar(line, t, p.getText(), null);
            case VALUE_EMBEDDED_OBJECT:
                return new Scalar(line, JsonToken.VALUE_STRING, p.getText(), null);
            default:
                throw new InputException(displayName, line, null, "unexpected " + t);
        }
    }

    private static int line(JsonParser p) {
        return Math.max(0, p.currentTokenLocation().getLineNr());
    }

    /**
     * Turns a parser exception into an InputException on the problem's line. SnakeYAML's marked
     * exceptions carry the exact marks (Jackson's own location can be one line early).
     */
    private static InputException syntaxError(JsonProcessingException e, String text, String displayName) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m) return syntaxError(m, text, displayName);
        }
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        String message = e.getOriginalMessage();
        return new InputException(displayName, line, null,
                "syntax error: " + (message == null ? e.getClass().getSimpleName() : firstLine(message)));
    }

    /**
     * A SnakeYAML syntax error on the line of the construct at fault. The problem mark is where the
     * scanner gave up, often the line after the mistake; the context mark is where the construct that was
     * left open starts. For a scalar or key being scanned (unclosed quote, missing colon) and for a flow
     * collection (unclosed {@code {} or {@code [}) the context mark is the mistake. For a block mapping or
     * list the context mark is the start of the whole block, possibly far above: the problem mark is used,
     * unless the context starts on the line just above and the problem line is indented like the line
     * after it (then the opening line is the odd one out, e.g. a list item indented one space too far).
     */
    private static InputException syntaxError(MarkedYAMLException m, String text, String displayName) {
        int problem = line(m.getProblemMark());
        int context = line(m.getContextMark());
        String ctx = m.getContext();
        int line = problem;
        if (ctx != null && context > 0) {
            boolean local = ctx.startsWith("while scanning") || ctx.startsWith("while parsing a flow");
            if (local) {
                line = context;
            } else if (context == problem - 1) {
                String[] lines = text.split("\\R", -1);
                int next = problem; // 0-based index of the line after the problem line
                while (next < lines.length && lines[next].isBlank()) next++;
                if (problem - 1 < lines.length && next < lines.length
                        && indent(lines[problem - 1]) == indent(lines[next])) {
                    line = context;
                }
            }
        }
        String problemText = m.getProblem() == null ? "" : m.getProblem();
        String message = (ctx == null ? "" : ctx + ": ") + problemText;
        return new InputException(displayName, line, null, "syntax error: " + firstLine(message));
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') i++;
        return i;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().split("\\R", 2)[0];
    }
}
