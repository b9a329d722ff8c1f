package io.skygrid.orbit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.skygrid.scenario.InputException;
import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Orbit Mean-elements Messages (CCSDS 502.0-B-3) into SGP4 element sets.
 *
 * <ul>
 *   <li><b>CelesTrak JSON</b> (first character {@code [} or {@code {}): each object's OBJECT_NAME,
 *       NORAD_CAT_ID, OBJECT_ID, EPOCH, MEAN_MOTION (rev/day), ECCENTRICITY, INCLINATION, RA_OF_ASC_NODE,
 *       ARG_OF_PERICENTER, MEAN_ANOMALY (deg), EPHEMERIS_TYPE, CLASSIFICATION_TYPE, ELEMENT_SET_NO,
 *       REV_AT_EPOCH, BSTAR (1/earth radii), MEAN_MOTION_DOT (rev/day^2, as in TLE line 1: half the first
 *       derivative) and MEAN_MOTION_DDOT (rev/day^3, one sixth of the second derivative), as CelesTrak
 *       documents its GP data ("A New Way to Obtain GP Data", Kelso 2020); values may be JSON numbers or
 *       strings (Space-Track writes strings);</li>
 *   <li><b>CCSDS KVN or XML</b> (one OMM, several, or an NDM container): the same keys; CENTER_NAME
 *       must be EARTH, REF_FRAME TEME and MEAN_ELEMENT_THEORY SGP4 where given.</li>
 * </ul>
 *
 * <p>Errors are {@code file:line: FIELD problem} with the CCSDS key as the file spells it (upper case) on
 * the line of its value, or on the record's first line if the key is missing: e.g.
 * {@code gp.json:14: MEAN_MOTION must be a finite number, got 'NaN'},
 * {@code gp.kvn:12: MEAN_MOTION is out of range (larger than any floating-point number), got '1e400'}.
 * Numeric fields take decimal numbers only (no NaN, Infinity, hexadecimal or empty values); whole-number
 * fields (NORAD_CAT_ID, EPHEMERIS_TYPE, ELEMENT_SET_NO, REV_AT_EPOCH) refuse fractions. Parser messages
 * never name Jackson's own switches. The CSV form of GP data is not read (use JSON, KVN or XML).
 */
final class OmmReader {
    private static final double REV_PER_DAY = 2 * Math.PI / 86_400.0;
    /** Largest NORAD catalogue number an OMM may give (nine digits, CCSDS 502.0-B-3 / Space-Track). */
    private static final double MAX_CATALOGUE = 999_999_999;

    /**
     * One element set read from the file: a usable TLE, or why the record is not one.
     *
     * @param name      OBJECT_NAME (empty if the record has none)
     * @param tle       the element set, or null if {@code error} is set
     * @param line      1-based line where the record starts (the JSON object's brace, the KVN
     *                  {@code CCSDS_OMM_VERS} line, the XML {@code <omm>} tag)
     * @param catalogue NORAD_CAT_ID as written, or null if absent
     * @param error     the record's first bad field, or null
     */
    record Entry(String name, TLE tle, int line, String catalogue, InputException error) {
    }

    /** A field value as written, with the line it is on. {@code kind}: text, number, null or structure. */
    private record Value(String text, int line, Kind kind) {
    }

    private enum Kind { TEXT, NUMBER, NULL, STRUCTURE }

    /** The fields of one message, in the user's spelling upper-cased (CCSDS keys are upper case). */
    private static final class Rec {
        final String file;
        final int line;
        final java.util.Map<String, Value> fields = new java.util.LinkedHashMap<>();

        Rec(String file, int line) {
            this.file = file;
            this.line = line;
        }

        /** @return the value of a present, non-null field, else null */
        Value get(String key) {
            Value v = fields.get(key);
            return v == null || v.kind() == Kind.NULL ? null : v;
        }

        boolean has(String key) {
            return get(key) != null;
        }

        /** @return an error about {@code key}, on its line (the record's line if it is absent) */
        InputException error(String key, String message) {
            Value v = fields.get(key);
            return new InputException(file, v != null && v.line() > 0 ? v.line() : line, key, message);
        }
    }

    private OmmReader() {
    }

    /**
     * Reads every element set of an OMM file and stops at the first bad one.
     *
     * @throws InputException on an unreadable file, a syntax error or the first bad record
     */
    static List<Entry> read(Path path) {
        List<Entry> all = readAll(path);
        for (Entry e : all) {
            if (e.error() != null) throw e.error();
        }
        return all;
    }

    /**
     * Reads every element set of an OMM file; a record with a bad field is returned with its error.
     *
     * @throws InputException on an unreadable or empty file or a syntax error (the file as a whole)
     */
    static List<Entry> readAll(Path path) {
        String file = path.toString();
        String text;
        try {
            text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file, 0, null, "cannot read OMM file: " + InputException.describe(e));
        }
        String head = text.stripLeading();
        if (head.isEmpty()) {
            throw new InputException(file, 0, null, "is empty");
        }
        char c = head.charAt(0);
        List<Rec> recs;
        if (c == '[' || c == '{') {
            recs = readJson(file, text);
        } else if (c == '<') {
            recs = readXml(file, text);
        } else {
            recs = readKvn(file, text);
        }
        List<Entry> out = new ArrayList<>(recs.size());
        for (Rec r : recs) {
            out.add(entry(r, c != '[' && c != '{'));
        }
        return out;
    }

    /**
     * CelesTrak or Space-Track JSON: one object or an array of flat objects. Values may be JSON numbers
     * or strings (Space-Track writes every value as a string); both are read from the text as written.
     * NaN and Infinity are read as values (and refused per field) rather than as a syntax error.
     */
    private static List<Rec> readJson(String file, String text) {
        List<Rec> out = new ArrayList<>();
        JsonFactory factory = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                out.add(object(file, p));
            } else if (t == JsonToken.START_ARRAY) {
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    out.add(object(file, p));
                }
                if (t != JsonToken.END_ARRAY) {
                    throw new InputException(file, line(p), null, "expected an array of OMM objects, got "
                            + describe(t) + " as item " + (out.size() + 1));
                }
            }
            if (p.nextToken() != null) {
                throw new InputException(file, line(p), null, "holds more after the end of the OMM data");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = e.getProcessor() instanceof JsonParser jp && jp.getParsingContext() != null
                    ? jp.getParsingContext().getCurrentName() : null;
            throw new InputException(file, at == null ? 0 : Math.max(0, at.getLineNr()), where,
                    (where == null ? "is" : "holds a value that is") + " not valid JSON: "
                            + InputException.quote(plainJsonMessage(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InputException(file, 0, null, "cannot read OMM file: " + InputException.describe(e));
        }
        return out;
    }

    /** Reads one flat object, the parser on its START_OBJECT. */
    private static Rec object(String file, JsonParser p) throws IOException {
        Rec r = new Rec(file, line(p));
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName().toUpperCase(Locale.ROOT);
            int keyLine = line(p);
            JsonToken v = p.nextToken();
            Value value = switch (v) {
                case VALUE_STRING -> new Value(p.getText(), line(p), Kind.TEXT);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Value(p.getText(), line(p), Kind.NUMBER);
                case VALUE_TRUE, VALUE_FALSE -> new Value(p.getText(), line(p), Kind.TEXT);
                case VALUE_NULL -> new Value("", line(p), Kind.NULL);
                default -> {
                    String what = describe(v);
                    p.skipChildren();
                    yield new Value(what, keyLine, Kind.STRUCTURE);
                }
            };
            if (r.fields.containsKey(key)) {
                throw new InputException(file, keyLine, key, "is given twice in one object (first at line "
                        + r.fields.get(key).line() + ")");
            }
            r.fields.put(key, value);
        }
        return r;
    }

    private static String describe(JsonToken t) {
        if (t == null) return "the end of the file";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "null";
            default -> "'" + t.asString() + "'";
        };
    }

    private static int line(JsonParser p) {
        return Math.max(0, p.currentTokenLocation().getLineNr());
    }

    /** @see io.skygrid.common.JsonMessages#plain */
    static String plainJsonMessage(String message) {
        return io.skygrid.common.JsonMessages.plain(message);
    }

    /** Reads one message into an element set, or the error of its first bad field. */
    private static Entry entry(Rec r, boolean ccsds) {
        String name = r.has("OBJECT_NAME") ? r.get("OBJECT_NAME").text() : "";
        String catalogue = r.has("NORAD_CAT_ID") ? r.get("NORAD_CAT_ID").text().strip() : null;
        try {
            if (ccsds) {
                expect(r, "CENTER_NAME", "EARTH");
                expect(r, "REF_FRAME", "TEME");
                expect(r, "MEAN_ELEMENT_THEORY", "SGP4");
            }
            return new Entry(name, tle(r), r.line, catalogue, null);
        } catch (InputException e) {
            return new Entry(name, null, r.line, catalogue, e);
        }
    }

    private static TLE tle(Rec r) {
        String name = text(r, "OBJECT_NAME");
        long cat = whole(r, "NORAD_CAT_ID", 1, (long) MAX_CATALOGUE, "[1, 999,999,999]");
        int catalogue = (int) cat;
        String objectId = r.has("OBJECT_ID") ? r.get("OBJECT_ID").text() : "";
        int launchYear = 0;
        int launchNumber = 0;
        String piece = "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{4})-(\\d{3})([A-Z]{0,3})").matcher(objectId);
        if (m.matches()) {
            launchYear = Integer.parseInt(m.group(1));
            launchNumber = Integer.parseInt(m.group(2));
            piece = m.group(3);
        }
        AbsoluteDate epoch;
        String epochText = text(r, "EPOCH").strip();
        try {
            epoch = new AbsoluteDate(epochText.endsWith("Z") ? epochText.substring(0, epochText.length() - 1) : epochText,
                    TimeScalesFactory.getUTC());
        } catch (RuntimeException e) {
            throw r.error("EPOCH", "must be an ISO-8601 UTC date, got '" + InputException.quote(epochText) + "'");
        }
        double n = number(r, "MEAN_MOTION");
        if (!(n > 0)) {
            throw r.error("MEAN_MOTION", "must be > 0 revolutions per day, got " + shown(r, "MEAN_MOTION"));
        }
        double e = number(r, "ECCENTRICITY");
        if (!(e >= 0 && e < 1)) {
            throw r.error("ECCENTRICITY", "must be in [0, 1), got " + shown(r, "ECCENTRICITY"));
        }
        double i = number(r, "INCLINATION");
        if (!(i >= 0 && i <= 180)) {
            throw r.error("INCLINATION", "must be in [0, 180] deg, got " + shown(r, "INCLINATION"));
        }
        double raan = number(r, "RA_OF_ASC_NODE");
        double argp = number(r, "ARG_OF_PERICENTER");
        double ma = number(r, "MEAN_ANOMALY");
        double bstar = number(r, "BSTAR");
        double ndot = r.has("MEAN_MOTION_DOT") ? number(r, "MEAN_MOTION_DOT") : 0;
        double nddot = r.has("MEAN_MOTION_DDOT") ? number(r, "MEAN_MOTION_DDOT") : 0;
        int ephemerisType = r.has("EPHEMERIS_TYPE") ? (int) whole(r, "EPHEMERIS_TYPE", 0, 9, "[0, 9]") : 0;
        int elementSet = r.has("ELEMENT_SET_NO") ? (int) whole(r, "ELEMENT_SET_NO", 0, 9999, "[0, 9,999]") : 999;
        int rev = r.has("REV_AT_EPOCH") ? (int) whole(r, "REV_AT_EPOCH", 0, Integer.MAX_VALUE, "[0, 2,147,483,647]") : 0;
        char classification = r.has("CLASSIFICATION_TYPE") && !r.get("CLASSIFICATION_TYPE").text().isBlank()
                ? r.get("CLASSIFICATION_TYPE").text().strip().charAt(0) : 'U';
        try {
            // the OMM/TLE fields hold ndot/2 and nddot/6; Orekit's TLE holds the derivatives themselves in
            // rad/s^2 and rad/s^3 (its line-1 parser multiplies by pi/1.86624e9 and pi/5.3747712e13)
            return new TLE(catalogue, classification, launchYear % 100, launchNumber, piece, ephemerisType,
                    elementSet, epoch, n * REV_PER_DAY, 2 * ndot * REV_PER_DAY / 86_400.0,
                    6 * nddot * REV_PER_DAY / (86_400.0 * 86_400.0), e, Math.toRadians(i), Math.toRadians(argp),
                    Math.toRadians(raan), Math.toRadians(ma), rev, bstar, TimeScalesFactory.getUTC());
        } catch (RuntimeException ex) {
            throw new InputException(r.file, r.line, null, "object " + InputException.quote(name) + " (catalogue " + catalogue
                    + ") has elements Orekit rejects: " + InputException.quote(String.valueOf(ex.getMessage())));
        }
    }

    private static String text(Rec r, String field) {
        Value v = r.get(field);
        if (v == null) {
            throw r.error(field, "is missing");
        }
        if (v.kind() == Kind.STRUCTURE) {
            throw r.error(field, "must be a text value, got " + v.text());
        }
        if (v.text().isBlank()) {
            throw r.error(field, "is empty");
        }
        return v.text();
    }

    /** A decimal number as OMM files write them: optional sign, digits with an optional point, exponent. */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final java.util.regex.Pattern NON_FINITE =
            java.util.regex.Pattern.compile("[+-]?(nan|inf|infinity)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * @return the finite number a field holds, as a JSON number or as text
     * @throws InputException {@code FIELD is missing}, {@code is empty}, {@code must be a finite number, got
     *                        'NaN'}, {@code is out of range ..., got '1e400'} or {@code must be a number, got '...'}
     */
    private static double number(Rec r, String field) {
        return decimal(r, field).doubleValue();
    }

    private static java.math.BigDecimal decimal(Rec r, String field) {
        Value v = r.get(field);
        if (v == null) {
            throw r.error(field, "is missing");
        }
        if (v.kind() == Kind.STRUCTURE) {
            throw r.error(field, "must be a number, got " + v.text());
        }
        String t = v.text().strip();
        if (t.isEmpty()) {
            throw r.error(field, "is empty; it must be a number");
        }
        if (NON_FINITE.matcher(t).matches()) {
            throw r.error(field, "must be a finite number, got '" + InputException.quote(t) + "'");
        }
        if (!DECIMAL.matcher(t).matches()) {
            throw r.error(field, "must be a number, got '" + InputException.quote(t) + "'");
        }
        java.math.BigDecimal d;
        try {
            d = new java.math.BigDecimal(t);
        } catch (NumberFormatException | ArithmeticException e) {
            throw r.error(field, "is out of range, got '" + InputException.quote(t) + "'");
        }
        if (Double.isInfinite(d.doubleValue())) {
            throw r.error(field, "is out of range (larger than any floating-point number), got '" + InputException.quote(t) + "'");
        }
        return d;
    }

    private static long whole(Rec r, String field, long lo, long hi, String range) {
        java.math.BigDecimal d = decimal(r, field);
        String requirement = "must be a whole number in " + range + ", got " + shown(r, field);
        try {
            long v = d.stripTrailingZeros().toBigIntegerExact().longValueExact();
            if (v < lo || v > hi) throw r.error(field, requirement);
            return v;
        } catch (ArithmeticException e) {
            throw r.error(field, requirement);
        }
    }

    /** @return a field's value as written, for "got ..." */
    private static String shown(Rec r, String field) {
        Value v = r.get(field);
        return v == null ? "nothing" : InputException.quote(v.text().strip());
    }

    /**
     * CCSDS KVN: {@code KEY = value} lines (a unit in brackets after the value is dropped), a new message
     * at each {@code CCSDS_OMM_VERS}. Orekit's own CCSDS parsers are not used here: resolving CENTER_NAME
     * needs JPL ephemerides, which Skygrid does not ship.
     */
    private static List<Rec> readKvn(String file, String text) {
        List<Rec> out = new ArrayList<>();
        Rec current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int k = 0; k < lines.length; k++) {
            String line = lines[k].strip();
            if (line.isEmpty() || line.startsWith("COMMENT")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InputException(file, k + 1, null, "expected KEY = value, got '" + InputException.quote(line) + "'");
            }
            String key = line.substring(0, eq).strip().toUpperCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip().replaceFirst("\\s*\\[[^]]*]$", "");
            if (key.equals("CCSDS_OMM_VERS")) {
                current = new Rec(file, k + 1);
                out.add(current);
            } else if (current == null) {
                throw new InputException(file, k + 1, null, "an OMM must start with CCSDS_OMM_VERS");
            }
            if (current.fields.containsKey(key)) {
                throw new InputException(file, k + 1, key, "is given twice in one OMM (first at line "
                        + current.fields.get(key).line() + ")");
            }
            current.fields.put(key, new Value(value, k + 1, Kind.TEXT));
        }
        if (out.isEmpty()) {
            throw new InputException(file, 0, null, "holds no OMM (no CCSDS_OMM_VERS line)");
        }
        return out;
    }

    /**
     * CCSDS XML: every {@code <omm>} element, alone or in an {@code <ndm>} container, read with the JDK's
     * SAX parser (DOCTYPE refused); each element without child elements is a field, on the line of its
     * start tag.
     */
    private static List<Rec> readXml(String file, String text) {
        List<Rec> out = new ArrayList<>();
        try {
            javax.xml.parsers.SAXParserFactory f = javax.xml.parsers.SAXParserFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            f.newSAXParser().parse(new org.xml.sax.InputSource(new java.io.StringReader(text)),
                    new org.xml.sax.helpers.DefaultHandler() {
                        private org.xml.sax.Locator locator;
                        private Rec current;
                        private int ommDepth = -1;
                        private int depth;
                        private final StringBuilder chars = new StringBuilder();
                        private int startLine;
                        private boolean leaf;

                        @Override
                        public void setDocumentLocator(org.xml.sax.Locator l) {
                            locator = l;
                        }

                        @Override
                        public void startElement(String uri, String localName, String qName, org.xml.sax.Attributes a) {
                            depth++;
                            if (current == null && qName.equals("omm")) {
                                current = new Rec(file, locator.getLineNumber());
                                ommDepth = depth;
                                out.add(current);
                            }
                            chars.setLength(0);
                            startLine = locator.getLineNumber();
                            leaf = true;
                        }

                        @Override
                        public void characters(char[] ch, int start, int length) {
                            chars.append(ch, start, length);
                        }

                        @Override
                        public void endElement(String uri, String localName, String qName) {
                            if (current != null && depth > ommDepth && leaf) {
                                String key = qName.toUpperCase(Locale.ROOT);
                                if (current.fields.containsKey(key)) {
                                    throw new InputException(file, startLine, key, "is given twice in one <omm> (first at line "
                                            + current.fields.get(key).line() + ")");
                                }
                                current.fields.put(key, new Value(chars.toString().strip(), startLine, Kind.TEXT));
                            }
                            if (depth == ommDepth) {
                                current = null;
                                ommDepth = -1;
                            }
                            leaf = false; // the enclosing element has a child
                            depth--;
                        }

                        // the default handler prints "[Fatal Error] ..." on stderr before throwing: errors are reported once
                        @Override
                        public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                            throw e;
                        }

                        @Override
                        public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                            throw e;
                        }
                    });
        } catch (org.xml.sax.SAXParseException e) {
            // the parser's own message, whole (it may quote a little of the file: control characters escaped)
            String message = String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}", " ").strip();
            if (message.startsWith("DOCTYPE is disallowed")) {
                throw new InputException(file, Math.max(0, e.getLineNumber()), null, "has a DOCTYPE declaration, which is "
                        + "not accepted (its entities could pull in other files); an OMM needs none: remove it");
            }
            throw new InputException(file, Math.max(0, e.getLineNumber()), null, "is not valid XML: " + message);
        } catch (InputException e) {
            throw e;
        } catch (Exception e) {
            throw new InputException(file, 0, null, "is not valid XML: " + InputException.quote(String.valueOf(e.getMessage())));
        }
        if (out.isEmpty()) {
            throw new InputException(file, 0, null, "holds no <omm> element");
        }
        return out;
    }

    /** A CCSDS OMM must hold SGP4 mean elements about the Earth in TEME where it says. */
    private static void expect(Rec r, String key, String wanted) {
        Value v = r.get(key);
        if (v != null && !v.text().equalsIgnoreCase(wanted)
                && !(key.equals("MEAN_ELEMENT_THEORY") && v.text().toUpperCase(Locale.ROOT).startsWith("SGP4"))) {
            throw r.error(key, "must be " + wanted + " for SGP4 mean elements, got '" + InputException.quote(v.text()) + "'");
        }
    }
}
