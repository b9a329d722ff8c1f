package io.skygrid.orbit;

import io.skygrid.TestData;
import io.skygrid.scenario.InputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orekit.frames.FramesFactory;
import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OMM files written from the first Starlink records of the shared TLE file, field by field from the TLE
 * lines as CelesTrak publishes them, must give the same SGP4 satellites as the TLEs.
 */
class OmmReaderTest {
    private static final Instant EPOCH = Instant.parse("2026-02-23T00:00:00Z");
    private static final List<String[]> RECORDS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void readTles() throws IOException {
        OrekitSetup.init();
        List<String> lines = Files.readAllLines(TestData.path("tle/starlink-2026-02-23.tle"));
        for (int i = 0; i + 2 < lines.size() && RECORDS.size() < 3; i += 3) {
            RECORDS.add(new String[] {lines.get(i).strip(), lines.get(i + 1), lines.get(i + 2)});
        }
    }

    /** Field values exactly as in the TLE text (CelesTrak's OMM carries the TLE fields unchanged). */
    private static String json(String[] r) {
        TLE t = new TLE(r[1], r[2]);
        String l1 = r[1];
        String l2 = r[2];
        String ndot = l1.substring(33, 43).trim();
        String nddot = l1.substring(44, 52).trim();
        String yy = l1.substring(9, 11);
        String launch = (Integer.parseInt(yy) < 57 ? "20" : "19") + yy + "-" + l1.substring(11, 14) + l1.substring(14, 17).trim();
        return String.format(Locale.ROOT, """
                {"OBJECT_NAME": "%s", "OBJECT_ID": "%s", "EPOCH": "%s", "MEAN_MOTION": %s, "ECCENTRICITY": 0.%s,
                 "INCLINATION": %s, "RA_OF_ASC_NODE": %s, "ARG_OF_PERICENTER": %s, "MEAN_ANOMALY": %s,
                 "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": %d, "ELEMENT_SET_NO": %s,
                 "REV_AT_EPOCH": %s, "BSTAR": %s, "MEAN_MOTION_DOT": %s, "MEAN_MOTION_DDOT": %s}""",
                r[0], launch, t.getDate().getComponents(TimeScalesFactory.getUTC()).toString().replace("+00:00", ""),
                l2.substring(52, 63).trim(), l2.substring(26, 33).trim(), l2.substring(8, 16).trim(),
                l2.substring(17, 25).trim(), l2.substring(34, 42).trim(), l2.substring(43, 51).trim(),
                t.getSatelliteNumber(), l1.substring(64, 68).trim(), l2.substring(63, 68).trim(), t.getBStar(),
                ndot.startsWith(".") ? "0" + ndot : ndot.replace("-.", "-0."), nddotValue(nddot));
    }

    private static String nddotValue(String field) {
        // TLE implied-decimal exponent form, e.g. " 00000+0" or "-12345-5"
        String f = field.replace(" ", "");
        int sign = f.startsWith("-") ? -1 : 1;
        f = f.replaceFirst("^[+-]", "");
        int exp = Integer.parseInt(f.substring(f.length() - 2));
        double mant = Double.parseDouble("0." + f.substring(0, f.length() - 2));
        return Double.toString(sign * mant * Math.pow(10, exp));
    }

    private static double distanceAfterOneDay(TLE a, TLE b) {
        AbsoluteDate d = new AbsoluteDate(EPOCH, TimeScalesFactory.getUTC()).shiftedBy(86_400);
        return TLEPropagator.selectExtrapolator(a).getPVCoordinates(d, FramesFactory.getTEME()).getPosition()
                .distance(TLEPropagator.selectExtrapolator(b).getPVCoordinates(d, FramesFactory.getTEME()).getPosition());
    }

    @Test
    void celestrakJsonGivesTheSameSatellitesAsTheTles() throws IOException {
        StringBuilder sb = new StringBuilder("[\n");
        for (int k = 0; k < RECORDS.size(); k++) {
            sb.append(json(RECORDS.get(k))).append(k + 1 < RECORDS.size() ? ",\n" : "\n");
        }
        Path f = Files.writeString(dir.resolve("starlink.json"), sb.append("]\n").toString());
        SatelliteSet set = Satellites.load("s", new OrbitSpec.OmmFile(f, null, null), EPOCH, false);
        assertThat(set.satellites()).hasSize(RECORDS.size());
        for (int k = 0; k < RECORDS.size(); k++) {
            TLE expected = new TLE(RECORDS.get(k)[1], RECORDS.get(k)[2]);
            SatelliteOrbit.Sgp4 got = (SatelliteOrbit.Sgp4) set.satellites().get(k);
            assertThat(got.name()).isEqualTo(RECORDS.get(k)[0]);
            assertThat(got.tle().getSatelliteNumber()).isEqualTo(expected.getSatelliteNumber());
            assertThat(got.tle().getMeanMotionFirstDerivative()).isEqualTo(expected.getMeanMotionFirstDerivative(),
                    org.assertj.core.data.Offset.offset(1e-20));
            assertThat(distanceAfterOneDay(got.tle(), expected)).as(got.name()).isLessThan(1e-3);
        }
        assertThat(Satellites.load("s", new OrbitSpec.OmmFile(f, "1012", null), EPOCH, false).satellites())
                .extracting(SatelliteOrbit::name).containsExactly("STARLINK-1012");
    }

    @Test
    void ccsdsKvnAndXmlGiveTheSameSatellite() throws IOException {
        String[] r = RECORDS.get(0);
        TLE t = new TLE(r[1], r[2]);
        String kvn = String.format(Locale.ROOT, """
                CCSDS_OMM_VERS = 2.0
                CREATION_DATE = 2026-02-23T00:00:00
                ORIGINATOR = SKYGRID TEST
                OBJECT_NAME = %s
                OBJECT_ID = 2019-074B
                CENTER_NAME = EARTH
                REF_FRAME = TEME
                TIME_SYSTEM = UTC
                MEAN_ELEMENT_THEORY = SGP4
                EPOCH = %s
                MEAN_MOTION = %s
                ECCENTRICITY = 0.%s
                INCLINATION = %s
                RA_OF_ASC_NODE = %s
                ARG_OF_PERICENTER = %s
                MEAN_ANOMALY = %s
                EPHEMERIS_TYPE = 0
                CLASSIFICATION_TYPE = U
                NORAD_CAT_ID = %d
                ELEMENT_SET_NO = 999
                REV_AT_EPOCH = %s
                BSTAR = %s
                MEAN_MOTION_DOT = %s
                MEAN_MOTION_DDOT = 0
                """, r[0], t.getDate().getComponents(TimeScalesFactory.getUTC()).toString().replace("+00:00", ""),
                r[2].substring(52, 63).trim(), r[2].substring(26, 33).trim(), r[2].substring(8, 16).trim(),
                r[2].substring(17, 25).trim(), r[2].substring(34, 42).trim(), r[2].substring(43, 51).trim(),
                t.getSatelliteNumber(), r[2].substring(63, 68).trim(), t.getBStar(),
                r[1].substring(33, 43).trim().replace("-.", "-0.").replaceFirst("^\\.", "0."));
        Path f = Files.writeString(dir.resolve("one.kvn"), kvn + kvn.replace(r[0], "SECOND")
                .replace("NORAD_CAT_ID = " + t.getSatelliteNumber(), "NORAD_CAT_ID = 99001"));
        SatelliteSet set = Satellites.load("s", new OrbitSpec.OmmFile(f, null, null), EPOCH, false);
        assertThat(set.satellites()).extracting(SatelliteOrbit::name).containsExactly(r[0], "SECOND");
        assertThat(distanceAfterOneDay(((SatelliteOrbit.Sgp4) set.satellites().get(0)).tle(), t)).isLessThan(1e-3);
        // the same message as CCSDS XML inside an NDM container
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<ndm><omm><body><segment><metadata>");
        StringBuilder data = new StringBuilder();
        for (String line : kvn.split("\n")) {
            String[] kv = line.split(" = ", 2);
            if (kv.length == 2 && !kv[0].equals("CCSDS_OMM_VERS") && !kv[0].equals("CREATION_DATE") && !kv[0].equals("ORIGINATOR")) {
                data.append('<').append(kv[0]).append('>').append(kv[1]).append("</").append(kv[0]).append('>');
            }
        }
        xml.append("</metadata><data>").append(data).append("</data></segment></body></omm></ndm>\n");
        Path x = Files.writeString(dir.resolve("one.xml"), xml.toString());
        SatelliteSet fromXml = Satellites.load("s", new OrbitSpec.OmmFile(x, null, null), EPOCH, false);
        assertThat(distanceAfterOneDay(((SatelliteOrbit.Sgp4) fromXml.satellites().get(0)).tle(), t)).isLessThan(1e-3);
        Path wrongFrame = Files.writeString(dir.resolve("gcrf.kvn"), kvn.replace("REF_FRAME = TEME", "REF_FRAME = GCRF"));
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(wrongFrame, null, null), EPOCH, false))
                .isInstanceOf(InputException.class).hasMessage(wrongFrame + ":7: REF_FRAME must be TEME for SGP4 mean elements, got 'GCRF'");
    }

    @Test
    void xmlWithADoctypeIsOneFullMessageAndNothingOnStderr() throws IOException {
        Path f = Files.writeString(dir.resolve("dt.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE ndm [<!ENTITY x \"y\">]>\n<ndm/>\n");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        Throwable thrown;
        try {
            thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> Satellites.load("s", new OrbitSpec.OmmFile(f, null, null), EPOCH, false));
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(thrown).isInstanceOf(InputException.class)
                .hasMessage(f + ":2: has a DOCTYPE declaration, which is not accepted (its entities could pull in other "
                        + "files); an OMM needs none: remove it");
        // other XML errors: the parser's whole message, not cut short
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<?xml version=\"1.0\"?>\n<ndm><omm>\n</ndm>\n");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(broken, null, null), EPOCH, false))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(broken + ":3: is not valid XML: The element type \"omm\" must be terminated by the "
                        + "matching end-tag \"</omm>\".");
    }

    @Test
    void badOmmNamesFileLineAndField() throws IOException {
        String good = json(RECORDS.get(0));
        String catalogue = "\"NORAD_CAT_ID\": " + new TLE(RECORDS.get(0)[1], RECORDS.get(0)[2]).getSatelliteNumber();
        for (String bad : new String[] {"-1", "0", "1.5", "1000000000"}) {
            Path f = Files.writeString(dir.resolve("cat.json"), "[\n" + good.replace(catalogue, "\"NORAD_CAT_ID\": " + bad) + "\n]");
            assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(f, null, null), EPOCH, false))
                    .isInstanceOf(InputException.class)
                    .hasMessage(f + ":4: NORAD_CAT_ID must be a whole number in [1, 999,999,999], got " + bad);
        }
        Path twice = Files.writeString(dir.resolve("twice.json"), "[\n" + good + ",\n" + json(RECORDS.get(1)) + ",\n"
                + good.replace(RECORDS.get(0)[0], "AGAIN") + "\n]");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(twice, null, null), EPOCH, false))
                .isInstanceOf(InputException.class)
                .hasMessage(twice + ":10: catalogue 44714 already at line 2 (one element set per satellite)");
        SatelliteSet set = Satellites.load("s", new OrbitSpec.OmmFile(twice, null, null), EPOCH, true);
        assertThat(set.satellites()).extracting(SatelliteOrbit::name).containsExactly(RECORDS.get(0)[0], RECORDS.get(1)[0]);
        assertThat(set.skipped()).containsExactly(twice + ":10: catalogue 44714 already at line 2 (one element set per satellite)");
        assertThat(Satellites.newestElementDay(new OrbitSpec.OmmFile(twice, null, null)))
                .isEqualTo(Instant.parse("2026-02-22T00:00:00Z"));
        Path missing = Files.writeString(dir.resolve("m.json"), "[\n" + good.replace("\"MEAN_MOTION\": ", "\"MM\": ") + "\n]");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(missing, null, null), EPOCH, false))
                .isInstanceOf(InputException.class).hasMessage(missing + ":2: MEAN_MOTION is missing");
        Path broken = Files.writeString(dir.resolve("b.json"), "[\n{\"OBJECT_NAME\": \"X\",\n\"EPOCH\": }\n]");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(broken, null, null), EPOCH, false))
                .isInstanceOf(InputException.class).hasMessageStartingWith(broken + ":3: EPOCH holds a value that is not valid JSON");
        Path notOmm = Files.writeString(dir.resolve("x.kvn"), "HELLO = 1\n");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(notOmm, null, null), EPOCH, false))
                .isInstanceOf(InputException.class).hasMessage(notOmm + ":1: an OMM must start with CCSDS_OMM_VERS");
    }

    /** The first Starlink record as CelesTrak JSON with MEAN_MOTION's value replaced by {@code value}. */
    private Path jsonWithMeanMotion(String value) throws IOException {
        String good = json(RECORDS.get(0));
        String mm = RECORDS.get(0)[2].substring(52, 63).trim();
        assertThat(good).contains("\"MEAN_MOTION\": " + mm + ",");
        return Files.writeString(dir.resolve("mm.json"), "[\n" + good.replace("\"MEAN_MOTION\": " + mm + ",",
                "\"MEAN_MOTION\": " + value + ",") + "\n]");
    }

    private String jsonError(String value) throws IOException {
        Path f = jsonWithMeanMotion(value);
        try {
            Satellites.load("s", new OrbitSpec.OmmFile(f, null, null), EPOCH, false);
        } catch (InputException e) {
            return e.getMessage().substring(f.toString().length());
        }
        throw new AssertionError("no error for MEAN_MOTION " + value);
    }

    @Test
    void jsonNumbersThatAreNoNumbersNameTheFieldInTheUsersWords() throws IOException {
        // MEAN_MOTION is on the object's first line (line 2 of the file); a null counts as missing
        assertThat(jsonError("NaN")).isEqualTo(":2: MEAN_MOTION must be a finite number, got 'NaN'");
        assertThat(jsonError("Infinity")).isEqualTo(":2: MEAN_MOTION must be a finite number, got 'Infinity'");
        assertThat(jsonError("-Infinity")).isEqualTo(":2: MEAN_MOTION must be a finite number, got '-Infinity'");
        assertThat(jsonError("1e400"))
                .isEqualTo(":2: MEAN_MOTION is out of range (larger than any floating-point number), got '1e400'");
        assertThat(jsonError("\"1e400\""))
                .isEqualTo(":2: MEAN_MOTION is out of range (larger than any floating-point number), got '1e400'");
        assertThat(jsonError("\"\"")).isEqualTo(":2: MEAN_MOTION is empty; it must be a number");
        assertThat(jsonError("\"fast\"")).isEqualTo(":2: MEAN_MOTION must be a number, got 'fast'");
        assertThat(jsonError("\"0x1p4\"")).isEqualTo(":2: MEAN_MOTION must be a number, got '0x1p4'");
        assertThat(jsonError("[15]")).isEqualTo(":2: MEAN_MOTION must be a number, got a list");
        assertThat(jsonError("null")).isEqualTo(":2: MEAN_MOTION is missing");
        // Space-Track writes numbers as strings: still read
        String mm = RECORDS.get(0)[2].substring(52, 63).trim();
        Path quoted = jsonWithMeanMotion("\"" + mm + "\"");
        assertThat(Satellites.load("s", new OrbitSpec.OmmFile(quoted, null, null), EPOCH, false).satellites()).hasSize(1);
    }

    @Test
    void jsonSyntaxErrorsNeverNameJacksonFeatures() throws IOException {
        String good = json(RECORDS.get(0));
        Path comment = Files.writeString(dir.resolve("c.json"), "[\n// first\n" + good + "\n]");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(comment, null, null), EPOCH, false))
                .hasMessageStartingWith(comment + ":2: is not valid JSON: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Feature", "ALLOW_", "JsonReadFeature", "`"));
        Path badValue = Files.writeString(dir.resolve("v.json"), "[\n" + good.replace("\"EPHEMERIS_TYPE\": 0",
                "\"EPHEMERIS_TYPE\": 00") + "\n]");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(badValue, null, null), EPOCH, false))
                .hasMessageStartingWith(badValue + ":4: EPHEMERIS_TYPE holds a value that is not valid JSON: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Feature", "ALLOW_", "`"));
        assertThat(OmmReader.plainJsonMessage("Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"))
                .isEqualTo("Non-standard token 'NaN'");
    }

    @Test
    void kvnAndXmlNumbersNameTheFieldAndItsLine() throws IOException {
        String kvn = "CCSDS_OMM_VERS = 2.0\nOBJECT_NAME = X\nEPOCH = 2026-02-22T12:00:00\nMEAN_MOTION = %s [rev/day]\n"
                + "ECCENTRICITY = 0.0001\nINCLINATION = 53\nRA_OF_ASC_NODE = 10\nARG_OF_PERICENTER = 20\n"
                + "MEAN_ANOMALY = 30\nNORAD_CAT_ID = 99001\nBSTAR = 0.0001\n";
        for (String[] c : new String[][] {{"NaN", "must be a finite number, got 'NaN'"},
                {"1e400", "is out of range (larger than any floating-point number), got '1e400'"},
                {"", "is empty; it must be a number"}, {"15,5", "must be a number, got '15,5'"}}) {
            Path f = Files.writeString(dir.resolve("n.kvn"), String.format(Locale.ROOT, kvn, c[0]));
            assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(f, null, null), EPOCH, false))
                    .hasMessage(f + ":4: MEAN_MOTION " + c[1]);
            String xml = "<?xml version=\"1.0\"?>\n<ndm>\n<omm>\n<body><segment><data>\n<OBJECT_NAME>X</OBJECT_NAME>\n"
                    + "<EPOCH>2026-02-22T12:00:00</EPOCH>\n<MEAN_MOTION units=\"rev/day\">" + c[0] + "</MEAN_MOTION>\n"
                    + "<ECCENTRICITY>0.0001</ECCENTRICITY><INCLINATION>53</INCLINATION><RA_OF_ASC_NODE>10</RA_OF_ASC_NODE>"
                    + "<ARG_OF_PERICENTER>20</ARG_OF_PERICENTER><MEAN_ANOMALY>30</MEAN_ANOMALY>"
                    + "<NORAD_CAT_ID>99001</NORAD_CAT_ID><BSTAR>0.0001</BSTAR>\n</data></segment></body>\n</omm>\n</ndm>\n";
            Path x = Files.writeString(dir.resolve("n.xml"), xml);
            assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.OmmFile(x, null, null), EPOCH, false))
                    .hasMessage(x + ":7: MEAN_MOTION " + c[1]);
        }
    }

    @Test
    void aBadRecordCanBeSkippedAndIsListedWithItsCatalogueNumber() throws IOException {
        Path f = Files.writeString(dir.resolve("two.json"), "[\n" + json(RECORDS.get(0)).replace("\"MEAN_MOTION\": "
                + RECORDS.get(0)[2].substring(52, 63).trim() + ",", "\"MEAN_MOTION\": NaN,") + ",\n" + json(RECORDS.get(1)) + "\n]");
        SatelliteSet set = Satellites.load("s", new OrbitSpec.OmmFile(f, null, null), EPOCH, true);
        assertThat(set.satellites()).extracting(SatelliteOrbit::name).containsExactly(RECORDS.get(1)[0]);
        assertThat(set.skippedRecords()).containsExactly(new SatelliteSet.Skipped(f.toString(), 2, "44714",
                "MEAN_MOTION must be a finite number, got 'NaN'"));
    }
}
