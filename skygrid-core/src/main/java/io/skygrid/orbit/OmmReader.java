package io.skygrid.orbit;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 *       documents its GP data ("A New Way to Obtain GP Data", Kelso 2020); errors name the object's
 *       line and field;</li>
 *   <li><b>CCSDS KVN or XML</b> (one OMM, several, or an NDM container): the same keys; CENTER_NAME
 *       must be EARTH, REF_FRAME TEME and MEAN_ELEMENT_THEORY SGP4 where given; KVN errors name the
 *       message's first line.</li>
 * </ul>
 */
final class OmmReader {
    private static final double REV_PER_DAY = 2 * Math.PI / 86_400.0;
    /** Largest NORAD catalogue number an OMM may give (nine digits, CCSDS 502.0-B-3 / Space-Track). */
    private static final double MAX_CATALOGUE = 999_999_999;

    /** One element set read from the file. */
    record Entry(String name, TLE tle, int line) {
    }

    private OmmReader() {
    }

    static List<Entry> read(Path path) {
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
        if (c == '[' || c == '{') {
            return readJson(file, text);
        }
        return readCcsds(file, text);
    }

    private static List<Entry> readJson(String file, String text) {
        ObjectMapper mapper = new ObjectMapper();
        List<Entry> out = new ArrayList<>();
        try (JsonParser p = mapper.createParser(text)) {
            if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                int line = p.currentTokenLocation().getLineNr();
                out.add(entry(file, line, mapper.readTree(p)));
            } else {
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    int line = p.currentTokenLocation().getLineNr();
                    out.add(entry(file, line, mapper.readTree(p)));
                }
                if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                    JsonLocation at = p.currentTokenLocation();
                    throw new InputException(file, at.getLineNr(), null, "expected an array of OMM objects");
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InputException(file, at == null ? 0 : at.getLineNr(), null, "is not valid JSON: "
                    + InputException.quote(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InputException(file, 0, null, "cannot read OMM file: " + InputException.describe(e));
        }
        return out;
    }

    private static Entry entry(String file, int line, JsonNode o) {
        String name = text(file, line, o, "OBJECT_NAME");
        double cat = number(file, line, o, "NORAD_CAT_ID");
        if (!(cat >= 1 && cat <= MAX_CATALOGUE && cat == Math.rint(cat))) {
            throw new InputException(file, line, "NORAD_CAT_ID", "must be a whole number in [1, 999,999,999], got "
                    + InputException.quote(o.get("NORAD_CAT_ID").asText()));
        }
        int catalogue = (int) cat;
        String objectId = o.hasNonNull("OBJECT_ID") ? o.get("OBJECT_ID").asText() : "";
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
        String epochText = text(file, line, o, "EPOCH");
        try {
            epoch = new AbsoluteDate(epochText.endsWith("Z") ? epochText.substring(0, epochText.length() - 1) : epochText,
                    TimeScalesFactory.getUTC());
        } catch (RuntimeException e) {
            throw new InputException(file, line, "EPOCH", "must be an ISO-8601 UTC date, got '" + InputException.quote(epochText) + "'");
        }
        double n = number(file, line, o, "MEAN_MOTION");
        if (!(n > 0)) {
            throw new InputException(file, line, "MEAN_MOTION", "must be > 0 revolutions per day, got " + n);
        }
        double e = number(file, line, o, "ECCENTRICITY");
        if (!(e >= 0 && e < 1)) {
            throw new InputException(file, line, "ECCENTRICITY", "must be in [0, 1), got " + e);
        }
        double i = number(file, line, o, "INCLINATION");
        if (!(i >= 0 && i <= 180)) {
            throw new InputException(file, line, "INCLINATION", "must be in [0, 180] deg, got " + i);
        }
        double raan = number(file, line, o, "RA_OF_ASC_NODE");
        double argp = number(file, line, o, "ARG_OF_PERICENTER");
        double ma = number(file, line, o, "MEAN_ANOMALY");
        double bstar = number(file, line, o, "BSTAR");
        double ndot = o.hasNonNull("MEAN_MOTION_DOT") ? number(file, line, o, "MEAN_MOTION_DOT") : 0;
        double nddot = o.hasNonNull("MEAN_MOTION_DDOT") ? number(file, line, o, "MEAN_MOTION_DDOT") : 0;
        int ephemerisType = o.hasNonNull("EPHEMERIS_TYPE") ? (int) number(file, line, o, "EPHEMERIS_TYPE") : 0;
        int elementSet = o.hasNonNull("ELEMENT_SET_NO") ? (int) number(file, line, o, "ELEMENT_SET_NO") : 999;
        int rev = o.hasNonNull("REV_AT_EPOCH") ? (int) number(file, line, o, "REV_AT_EPOCH") : 0;
        char classification = o.hasNonNull("CLASSIFICATION_TYPE") && !o.get("CLASSIFICATION_TYPE").asText().isEmpty()
                ? o.get("CLASSIFICATION_TYPE").asText().charAt(0) : 'U';
        try {
            // the OMM/TLE fields hold ndot/2 and nddot/6; Orekit's TLE holds the derivatives themselves in
            // rad/s^2 and rad/s^3 (its line-1 parser multiplies by pi/1.86624e9 and pi/5.3747712e13)
            TLE tle = new TLE(catalogue, classification, launchYear % 100, launchNumber, piece, ephemerisType,
                    elementSet, epoch, n * REV_PER_DAY, 2 * ndot * REV_PER_DAY / 86_400.0,
                    6 * nddot * REV_PER_DAY / (86_400.0 * 86_400.0), e, Math.toRadians(i), Math.toRadians(argp),
                    Math.toRadians(raan), Math.toRadians(ma), rev, bstar, TimeScalesFactory.getUTC());
            return new Entry(name, tle, line);
        } catch (RuntimeException ex) {
            throw new InputException(file, line, null, "object " + InputException.quote(name) + " (catalogue " + catalogue
                    + ") has elements Orekit rejects: " + InputException.quote(String.valueOf(ex.getMessage())));
        }
    }

    private static String text(String file, int line, JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new InputException(file, line, field, "is missing");
        }
        return v.asText();
    }

    private static double number(String file, int line, JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new InputException(file, line, field, "is missing");
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new InputException(file, line, field, "must be a number, got '" + InputException.quote(v.asText()) + "'");
        }
    }

    /**
     * CCSDS KVN ({@code KEY = value} lines, a new message at each {@code CCSDS_OMM_VERS}) and XML (every
     * {@code <omm>} element, alone or in an {@code <ndm>} container, read with the JDK's DOM parser). The
     * keys are the same as in the JSON form. Orekit's own CCSDS parsers are not used here: resolving
     * CENTER_NAME needs JPL ephemerides, which Skygrid does not ship.
     */
    private static List<Entry> readCcsds(String file, String text) {
        return text.stripLeading().startsWith("<") ? readXml(file, text) : readKvn(file, text);
    }

    private static List<Entry> readKvn(String file, String text) {
        List<Entry> out = new ArrayList<>();
        com.fasterxml.jackson.databind.node.ObjectNode current = null;
        int start = 0;
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
                if (current != null) {
                    out.add(ccsdsEntry(file, start, current));
                }
                current = JSON.createObjectNode();
                start = k + 1;
            } else if (current == null) {
                throw new InputException(file, k + 1, null, "an OMM must start with CCSDS_OMM_VERS");
            }
            current.put(key, value);
        }
        if (current == null) {
            throw new InputException(file, 0, null, "holds no OMM (no CCSDS_OMM_VERS line)");
        }
        out.add(ccsdsEntry(file, start, current));
        return out;
    }

    private static List<Entry> readXml(String file, String text) {
        org.w3c.dom.Document doc;
        try {
            javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            javax.xml.parsers.DocumentBuilder builder = f.newDocumentBuilder();
            // the default handler prints "[Fatal Error] ..." on stderr before throwing: errors are reported once, below
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }
            });
            doc = builder.parse(new org.xml.sax.InputSource(new java.io.StringReader(text)));
        } catch (org.xml.sax.SAXParseException e) {
            // the parser's own message, whole (it may quote a little of the file: control characters escaped)
            String message = String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}", " ").strip();
            if (message.startsWith("DOCTYPE is disallowed")) {
                throw new InputException(file, Math.max(0, e.getLineNumber()), null, "has a DOCTYPE declaration, which is "
                        + "not accepted (its entities could pull in other files); an OMM needs none: remove it");
            }
            throw new InputException(file, Math.max(0, e.getLineNumber()), null, "is not valid XML: " + message);
        } catch (Exception e) {
            throw new InputException(file, 0, null, "is not valid XML: " + InputException.quote(String.valueOf(e.getMessage())));
        }
        org.w3c.dom.NodeList omms = doc.getElementsByTagName("omm");
        List<Entry> out = new ArrayList<>();
        for (int k = 0; k < omms.getLength(); k++) {
            com.fasterxml.jackson.databind.node.ObjectNode fields = JSON.createObjectNode();
            org.w3c.dom.NodeList all = ((org.w3c.dom.Element) omms.item(k)).getElementsByTagName("*");
            for (int m = 0; m < all.getLength(); m++) {
                org.w3c.dom.Element el = (org.w3c.dom.Element) all.item(m);
                if (el.getElementsByTagName("*").getLength() == 0) {
                    fields.put(el.getTagName().toUpperCase(Locale.ROOT), el.getTextContent().strip());
                }
            }
            out.add(ccsdsEntry(file, 0, fields));
        }
        if (out.isEmpty()) {
            throw new InputException(file, 0, null, "holds no <omm> element");
        }
        return out;
    }

    /** Checks that a CCSDS OMM holds SGP4 mean elements about the Earth in TEME, then reads it like JSON. */
    private static Entry ccsdsEntry(String file, int line, com.fasterxml.jackson.databind.node.ObjectNode o) {
        expect(file, line, o, "CENTER_NAME", "EARTH");
        expect(file, line, o, "REF_FRAME", "TEME");
        expect(file, line, o, "MEAN_ELEMENT_THEORY", "SGP4");
        return entry(file, line, o);
    }

    private static void expect(String file, int line, JsonNode o, String key, String wanted) {
        if (o.hasNonNull(key) && !o.get(key).asText().equalsIgnoreCase(wanted)
                && !(key.equals("MEAN_ELEMENT_THEORY") && o.get(key).asText().toUpperCase(Locale.ROOT).startsWith("SGP4"))) {
            throw new InputException(file, line, key, "must be " + wanted + " for SGP4 mean elements, got '"
                    + InputException.quote(o.get(key).asText()) + "'");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
}
