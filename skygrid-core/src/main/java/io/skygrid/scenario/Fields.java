package io.skygrid.scenario;

import com.fasterxml.jackson.core.JsonToken;
import io.skygrid.scenario.YamlTree.Entry;
import io.skygrid.scenario.YamlTree.ListNode;
import io.skygrid.scenario.YamlTree.MapNode;
import io.skygrid.scenario.YamlTree.Node;
import io.skygrid.scenario.YamlTree.Scalar;

import java.math.BigDecimal;
import java.util.List;

/**
 * Typed, line-aware access to the keys of one mapping of a {@link YamlTree}. Every failure is an
 * {@link InputException} {@code file:line: path.key problem}: wrong types and range violations point at
 * the value's line, a missing required key at the line of the enclosing mapping, an unknown key at its
 * own line. An explicit null value ({@code key:} with nothing after it) counts as absent.
 */
final class Fields {
    private final String file;
    private final MapNode node;
    private final String path;

    private Fields(String file, MapNode node, String path) {
        this.file = file;
        this.node = node;
        this.path = path;
    }

    /**
     * @param file  file name for messages
     * @param node  the node that must be a mapping
     * @param path  field path of the node ({@code ""} for the document root)
     * @param known the keys this mapping may hold, in the order they are listed in messages
     * @throws InputException if the node is not a mapping or holds a key outside {@code known}
     */
    static Fields of(String file, Node node, String path, List<String> known) {
        if (!(node instanceof MapNode map)) {
            String what = path.isEmpty() ? "the document" : path;
            throw new InputException(file, node.line(), what, "must be a mapping (key: value), got " + node.describe());
        }
        for (Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                throw new InputException(file, e.keyLine(), join(path, e.key()),
                        "is not a known field (known: " + String.join(", ", known) + ")");
            }
        }
        return new Fields(file, map, path);
    }

    /**
     * Like {@link #of} but accepts any key: for formats that allow foreign members (GeoJSON).
     */
    static Fields lenient(String file, Node node, String path) {
        if (!(node instanceof MapNode map)) {
            String what = path.isEmpty() ? "the document" : path;
            throw new InputException(file, node.line(), what, "must be an object, got " + node.describe());
        }
        return new Fields(file, map, path);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String file() {
        return file;
    }

    /** @return line of the mapping itself */
    int line() {
        return node.line();
    }

    /** @return path of the mapping itself */
    String path() {
        return path;
    }

    /** @return full path of {@code key} */
    String field(String key) {
        return join(path, key);
    }

    /** @return whether {@code key} is present with a non-null value */
    boolean has(String key) {
        Entry e = node.entries().get(key);
        return e != null && !(e.value() instanceof Scalar s && s.isNull());
    }

    /** @return the keys of this mapping, in document order */
    List<String> keys() {
        return List.copyOf(node.entries().keySet());
    }

    /** @return the value of a present key, else null */
    Node node(String key) {
        return has(key) ? node.entries().get(key).value() : null;
    }

    /** @return line of the key's value if present, else of the key, else of this mapping */
    int lineOf(String key) {
        Entry e = node.entries().get(key);
        if (e == null) return node.line();
        return e.value().line() > 0 ? e.value().line() : e.keyLine();
    }

    /** @return line of the key itself if present, else of this mapping */
    int keyLine(String key) {
        Entry e = node.entries().get(key);
        return e == null ? node.line() : e.keyLine();
    }

    /** @return an error about {@code key}, on its value's line */
    InputException error(String key, String message) {
        return new InputException(file, lineOf(key), field(key), message);
    }

    /** @return an error about the mapping as a whole, on its line */
    InputException errorHere(String message) {
        return new InputException(file, node.line(), path.isEmpty() ? null : path, message);
    }

    /** @return the "is required" error, on the line of this mapping */
    InputException missing(String key) {
        return new InputException(file, node.line(), field(key), "is required");
    }

    /** @return the value node of a required key */
    Node required(String key) {
        Node n = node(key);
        if (n == null) throw missing(key);
        return n;
    }

    /** @return the text as written, for "got ..." in messages */
    String shown(String key) {
        Node n = node(key);
        if (n instanceof Scalar s) return s.text();
        return n == null ? "nothing" : n.describe();
    }

    /** Throws {@code field requirement, got <value as written>} unless {@code ok}. */
    void check(String key, boolean ok, String requirement) {
        if (!ok) throw error(key, requirement + ", got " + shown(key));
    }

    // ---- strings ----

    /** @return a required, non-blank string; numbers and booleans are taken as written */
    String string(String key) {
        Node n = required(key);
        if (!(n instanceof Scalar s)) {
            throw error(key, "must be a text value, got " + n.describe());
        }
        if (s.text().isBlank()) throw error(key, "must not be empty");
        return s.text();
    }

    /** @return the string, or {@code def} if absent */
    String string(String key, String def) {
        return has(key) ? string(key) : def;
    }

    // ---- numbers ----

    /**
     * @return a required finite number
     * @throws InputException if the value is not a number, including a number written as a string
     *                        ({@code "512"}, {@code '512'}, {@code !!str 512}): {@code must be a number, got
     *                        the string "512" ...}
     */
    double number(String key) {
        Node n = required(key);
        if (!(n instanceof Scalar s) || s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE) {
            throw error(key, "must be a number, got " + n.describe());
        }
        rejectString(key, s, "a number");
        rejectLeadingZero(key, s);
        double v;
        if (s.number() != null) {
            v = s.number().doubleValue();
        } else {
            BigDecimal d = decimal(s.text());
            if (d == null) throw error(key, "must be a number, got " + s.describe());
            v = d.doubleValue();
        }
        if (!Double.isFinite(v)) throw error(key, "must be a finite number, got " + s.text());
        return v;
    }

    /** @return the number, or {@code def} if absent */
    double number(String key, double def) {
        return has(key) ? number(key) : def;
    }

    /** @return a required whole number that fits in a long */
    long integer(String key) {
        Node n = required(key);
        if (!(n instanceof Scalar s) || s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE) {
            throw error(key, "must be a whole number, got " + n.describe());
        }
        rejectString(key, s, "a whole number");
        rejectLeadingZero(key, s);
        BigDecimal d = s.number() != null ? decimal(s.number().toString()) : decimal(s.text());
        if (d == null) throw error(key, "must be a whole number, got " + s.describe());
        try {
            return d.stripTrailingZeros().toBigIntegerExact().longValueExact();
        } catch (ArithmeticException e) {
            if (d.stripTrailingZeros().scale() > 0) throw error(key, "must be a whole number, got " + s.text());
            throw error(key, "is too large, got " + s.text());
        }
    }

    /** @return the whole number, or {@code def} if absent */
    long integer(String key, long def) {
        return has(key) ? integer(key) : def;
    }

    /** @return a required whole number in [1, Integer.MAX_VALUE] */
    int positiveInt(String key) {
        long v = integer(key);
        check(key, v > 0, "must be > 0");
        check(key, v <= Integer.MAX_VALUE, "must be <= " + Integer.MAX_VALUE);
        return (int) v;
    }

    /**
     * The one place where a number or boolean field refuses a deliberate string (quoted, {@code !!str} or a
     * JSON string): the text may read as a number, but the author said text, and a value typed in the
     * wrong place is more often a mistake than a convenience. An override ({@code --set gpus=512}) is typed
     * as YAML types a plain scalar and is not affected.
     */
    private void rejectString(String key, Scalar s, String what) {
        String t = s.text().strip();
        boolean reads = what.startsWith("true") ? t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")
                : decimal(t) != null;
        if (s.isQuotedString() && reads) { // other text is refused with the ordinary "got 'text'"
            throw error(key, "must be " + what + ", got the string \"" + InputException.quote(s.text())
                    + "\" (written in quotes or tagged !!str); write " + InputException.quote(t) + " without quotes");
        }
    }

    /**
     * YAML 1.1 reads {@code 0100} as octal 64 and {@code 0x10} as hexadecimal 16; a number written with a
     * leading zero (other than 0 itself or a decimal such as 0.5) is rejected rather than guessed.
     */
    private void rejectLeadingZero(String key, Scalar s) {
        if (LEADING_ZERO.matcher(s.text().strip()).matches()) {
            throw error(key, "must be a decimal number without leading zeros, got '" + s.text().strip() + "'");
        }
    }

    private static final java.util.regex.Pattern LEADING_ZERO = java.util.regex.Pattern.compile("[-+]?0[0-9_xXoObB].*");

    private static BigDecimal decimal(String text) {
        String t = text.strip();
        if (t.matches("[-+]?[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\\.[0-9][0-9_]*([eE][-+]?[0-9]+)?")) {
            try {
                return new BigDecimal(t.replace("_", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    // ---- booleans ----

    /**
     * @return a boolean (YAML true/false, also yes/no/on/off), or {@code def} if absent
     * @throws InputException for anything else, including {@code "true"} written as a string
     */
    boolean bool(String key, boolean def) {
        Node n = node(key);
        if (n == null) return def;
        if (n instanceof Scalar s) {
            if (s.token() == JsonToken.VALUE_TRUE) return true;
            if (s.token() == JsonToken.VALUE_FALSE) return false;
            if (s.token() == JsonToken.VALUE_STRING) {
                rejectString(key, s, "true or false");
                String t = s.text().strip().toLowerCase(java.util.Locale.ROOT);
                if (t.equals("true")) return true;
                if (t.equals("false")) return false;
            }
        }
        throw error(key, "must be true or false, got " + n.describe());
    }

    // ---- structure ----

    /** @return the items of a list-valued key, or an empty list if absent */
    List<Node> list(String key) {
        Node n = node(key);
        if (n == null) return List.of();
        if (!(n instanceof ListNode l)) throw error(key, "must be a list, got " + n.describe());
        return l.items();
    }

    /** @return the nested mapping of a required key */
    Fields object(String key, List<String> known) {
        return Fields.of(file, required(key), field(key), known);
    }
}
