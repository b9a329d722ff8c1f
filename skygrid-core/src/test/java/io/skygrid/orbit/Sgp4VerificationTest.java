package io.skygrid.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.TimeScalesFactory;
import org.orekit.utils.PVCoordinates;

import io.skygrid.TestData;

/**
 * Orekit's SGP4/SDP4 against Vallado's verification set (Vallado et al. 2006, "Revisiting Spacetrack
 * Report #3", AIAA 2006-6753): SGP4-VER.TLE and the reference ephemerides tcppver.out (TEME, km,
 * km/s, WGS-72, improved mode).
 */
class Sgp4VerificationTest {
    /** Cases whose reference output stops early because SGP4 reports an error (decay, bad elements). */
    static final List<String> ERROR_CASES = List.of("28872", "29141", "33333", "33334", "33335");

    record Case(String satnum, TLE tle, List<double[]> rows) {
    }

    static List<Case> cases;

    @BeforeAll
    static void load() throws IOException {
        OrekitSetup.init();
        List<String[]> tles = new ArrayList<>();
        String l1 = null;
        for (String line : Files.readAllLines(TestData.path("sgp4-ver/SGP4-VER.TLE"))) {
            if (line.startsWith("1 ")) {
                l1 = line.substring(0, 69);
            } else if (line.startsWith("2 ") && l1 != null) {
                tles.add(new String[] {l1, line.substring(0, 69)});
                l1 = null;
            }
        }
        List<List<double[]>> blocks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(TestData.path("sgp4-ver/tcppver.out"))) {
            String t = line.trim();
            if (t.endsWith("xx")) {
                ids.add(t.split("\\s+")[0]);
                blocks.add(new ArrayList<>());
            } else if (!t.isEmpty()) {
                String[] f = t.split("\\s+");
                double[] row = new double[7];
                for (int i = 0; i < 7; i++) {
                    row[i] = Double.parseDouble(f[i]);
                }
                blocks.get(blocks.size() - 1).add(row);
            }
        }
        assertThat(tles).hasSize(33);
        assertThat(blocks).hasSize(33);
        cases = new ArrayList<>();
        for (int i = 0; i < tles.size(); i++) {
            TLE tle = new TLE(tles.get(i)[0], tles.get(i)[1], TimeScalesFactory.getUTC());
            assertThat(Integer.parseInt(ids.get(i))).isEqualTo(tle.getSatelliteNumber());
            cases.add(new Case(ids.get(i), tle, blocks.get(i)));
        }
    }

    /** @return max position error (m) over the reference rows, or the exception thrown */
    static Object maxError(Case c) {
        try {
            TLEPropagator p = TLEPropagator.selectExtrapolator(c.tle());
            double max = 0;
            for (double[] row : c.rows()) {
                PVCoordinates pv = p.getPVCoordinates(c.tle().getDate().shiftedBy(row[0] * 60.0));
                Vector3D ref = new Vector3D(row[1], row[2], row[3]).scalarMultiply(1000.0);
                max = Math.max(max, pv.getPosition().distance(ref));
            }
            return max;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Case find(String satnum, int occurrence) {
        return cases.stream().filter(c -> c.satnum().equals(satnum)).skip(occurrence).findFirst().orElseThrow();
    }

    /**
     * All regular cases, near-Earth and deep-space (resonant 12 h and 24 h orbits included), and the
     * decaying cases 28872 and 29141 over the span of their reference output: worst error measured
     * 2 mm (26900), typically below 0.1 mm.
     */
    @Test
    void regularCasesAgreeWithin1m() {
        int checked = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            boolean longSpan20413 = c.satnum().equals("20413") && i == cases.size() - 1;
            if (ERROR_CASES.contains(c.satnum()) && !c.satnum().startsWith("2") || longSpan20413) {
                continue;
            }
            Object err = maxError(c);
            assertThat(err).as(c.satnum()).isInstanceOf(Double.class);
            assertThat((Double) err).as(c.satnum()).isLessThan(1.0);
            checked++;
        }
        assertThat(checked).isEqualTo(29);
    }

    /** 28872 and 29141 decay: Orekit does not throw, it returns positions inside the Earth. */
    @Test
    void decayedSatellitesGoUndergroundWithoutException() {
        TLE minotaur = find("28872", 0).tle();
        double r = TLEPropagator.selectExtrapolator(minotaur).getPVCoordinates(minotaur.getDate().shiftedBy(60 * 60.0))
                .getPosition().getNorm();
        assertThat(r).isLessThan(OrbitPhysics.MIN_RADIUS_M);
        TLE sl14 = find("29141", 0).tle();
        r = TLEPropagator.selectExtrapolator(sl14).getPVCoordinates(sl14.getDate().shiftedBy(440 * 60.0))
                .getPosition().getNorm();
        assertThat(r).isLessThan(OrbitPhysics.MIN_RADIUS_M);
    }

    /**
     * The pathological cases of the set, and what Orekit 13.1.3 does with them:
     * <ul>
     * <li>33333 (e = 0.995, reference stops with error code 4 after 20 min): no exception; deviates
     *     from the reference by ~3,400 km within the 20 min, NaN positions at 25 and 30 min;</li>
     * <li>33334 (mean motion 1e-5 rev/day, error code 2): no exception, NaN position at t = 0;</li>
     * <li>33335 (GEO, e = 4e-7): propagates; 51 m from the reference (the near-zero eccentricity
     *     is ill-conditioned);</li>
     * <li>20413 propagated 1,844,000 .. 1,845,100 min (3.5 years) after epoch: 27,900 km from the
     *     reference (the span stresses the SDP4 deep-space secular integration far beyond any use
     *     here); the same object over 1,440 .. 4,320 min agrees within 0.1 mm.</li>
     * </ul>
     */
    @Test
    void pathologicalCases() {
        assertThat((Double) maxError(find("33333", 0))).isBetween(1.0e6, 1.0e7);
        TLE e4 = find("33333", 0).tle();
        assertThat(TLEPropagator.selectExtrapolator(e4).getPVCoordinates(e4.getDate().shiftedBy(25 * 60.0))
                .getPosition().getNorm()).isNaN();
        assertThat((Double) maxError(find("33334", 0))).isNaN();
        assertThat((Double) maxError(find("33335", 0))).isBetween(1.0, 100.0);
        assertThat((Double) maxError(find("20413", 1))).isGreaterThan(1.0e6);
        assertThat((Double) maxError(find("20413", 0))).isLessThan(1.0);
    }
}
