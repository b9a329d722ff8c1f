package io.skygrid.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal document tree that remembers the 1-based source line of every node, built by walking
 * Jackson's streaming parser (YAML or JSON). Databind's trees and POJO binding drop locations; the
 * scenario and GeoJSON validators need them to say {@code file:line: field problem}.
 *
 * <p>Package-private: the tree is an implementation detail of {@link ScenarioLoader} and {@link GroundStations}.
 */
final class YamlTree {

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
     */
    record Scalar(int line, JsonToken token, String text, Number number) implements Node {
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
     * @throws InputException on a syntax error (with its line), a duplicate key or a second document
     */
    static Node parseYaml(String text, String displayName) {
        return parse(new YAMLFactory(), text, displayName);
    }

    /**
     * Parses one JSON document into a tree.
     *
     * @see #parseYaml(String, String)
     */
    static Node parseJson(String text, String displayName) {
        return parse(new JsonFactory(), text, displayName);
    }

    private static Node parse(JsonFactory factory, String text, String displayName) {
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            Node root = read(p, t, displayName);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new InputException(displayName, line(p), null,
                        "holds more than one document; only one is allowed");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntaxError(e, displayName);
        } catch (IOException e) {
            throw new InputException(displayName, 0, null, "cannot be read: " + e.getMessage());
        }
    }

    private static Node read(JsonParser p, JsonToken t, String displayName) throws IOException {
        int line = line(p);
        switch (t) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    Node value = read(p, p.nextToken(), displayName);
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
                    items.add(read(p, t, displayName));
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
     * exceptions carry the exact problem mark (Jackson's own location can be one line early).
     */
    private static InputException syntaxError(JsonProcessingException e, String displayName) {
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        String message = e.getOriginalMessage();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                if (m.getProblemMark() != null) {
                    line = m.getProblemMark().getLine() + 1;
                }
                String context = m.getContext();
                message = (context == null ? "" : context + ": ") + m.getProblem();
                break;
            }
        }
        String firstLine = message == null ? e.getClass().getSimpleName() : message.strip().split("\\R", 2)[0];
        return new InputException(displayName, line, null, "syntax error: " + firstLine);
    }
}
