package io.skygrid.cli.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import io.skygrid.cli.RunCommandTest;
import io.skygrid.orbit.Decay;
import io.skygrid.orbit.OrekitSetup;
import io.skygrid.orbit.SatelliteOrbit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Orbit commands on a TLE file with a satellite that SGP4 re-enters within a day (220 km, BSTAR 0.01) beside a
 * healthy one: each command names the decayed satellite and the instant, the CSVs carry it and nothing after it
 * counts.
 */
class OrbitDecayCommandTest {
    static final Instant START = Instant.parse("2026-02-23T00:00:00Z");

    static TLE tle(int number, double altitudeKm, double bstar) {
        OrekitSetup.init();
        double a = 6378137.0 + altitudeKm * 1e3;
        double n = Math.sqrt(SatelliteOrbit.CircularJ2.MU / (a * a * a));
        return new TLE(number, 'U', 2026, 1, "A", 0, 999, new AbsoluteDate(START, TimeScalesFactory.getUTC()), n, 0, 0,
                0.0005, Math.toRadians(51.6), 0, 0, 0, 1, bstar);
    }

    @Test
    void decayedSatelliteIsNamedWithItsInstantAndLeftOutOfTheMeans(@TempDir Path dir) throws Exception {
        TLE fast = tle(99001, 220, 0.01);
        TLE ok = tle(99002, 550, 1e-4);
        Path file = dir.resolve("decay.tle");
        Files.writeString(file, "FALLING\n" + fast.getLine1() + "\n" + fast.getLine2() + "\nHEALTHY\n" + ok.getLine1()
                + "\n" + ok.getLine2() + "\n");
        long decayMs = Decay.find(new SatelliteOrbit.Sgp4("FALLING", fast), START, 2 * 86_400_000L);
        assertThat(decayMs).isBetween(20 * 3_600_000L, 25 * 3_600_000L);
        String when = START.plusMillis(decayMs).toString();

        RunCommandTest.Run e = RunCommandTest.run("orbit", "eclipses", "--tle", file.toString(), "--epoch", START.toString(),
                "--horizon", "2d", "--out", dir.resolve("e").toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("decayed: FALLING (catalogue 99001) at " + when, "time before decay");
        assertThat(e.out()).doesNotContain("decayed: HEALTHY");
        List<String> decayed = Files.readAllLines(dir.resolve("e/decayed.csv"));
        assertThat(decayed).containsExactly("constellation,satellite,catalogue,decayed_utc", "tle,FALLING,99001," + when);
        List<String> perSat = Files.readAllLines(dir.resolve("e/eclipses.csv"));
        assertThat(perSat.get(0)).endsWith(",decayed_utc");
        String falling = perSat.stream().filter(l -> l.contains(",FALLING,")).findFirst().orElseThrow();
        assertThat(falling).endsWith("," + when);
        // its shadow fraction is that of its life: about 0.35-0.45 at 220 km, not inflated by 25 h of "eclipse"
        assertThat(Double.parseDouble(falling.split(",")[3])).isBetween(0.3, 0.45);
        // no eclipse starts after the decay, and none lasts a day
        for (String l : Files.readAllLines(dir.resolve("e/eclipse-intervals.csv"))) {
            if (l.contains(",FALLING,")) {
                String[] f = l.split(",");
                assertThat(Instant.parse(f[2])).isBefore(Instant.parse(when));
                assertThat(Double.parseDouble(f[4])).isLessThan(3600);
            }
        }

        RunCommandTest.Run p = RunCommandTest.run("orbit", "passes", "--tle", file.toString(), "--epoch", START.toString(),
                "--horizon", "2d", "--out", dir.resolve("p").toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).contains("decayed: FALLING (catalogue 99001) at " + when);
        for (String l : Files.readAllLines(dir.resolve("p/passes.csv"))) {
            if (l.contains(",FALLING,")) {
                assertThat(Instant.parse(l.split(",")[4])).isBeforeOrEqualTo(Instant.parse(when));
            }
        }

        RunCommandTest.Run b = RunCommandTest.run("orbit", "beta", "--tle", file.toString(), "--epoch", START.toString(),
                "--days", "30", "--out", dir.resolve("b").toString());
        assertThat(b.code()).as(b.err()).isZero();
        long decay30 = Decay.find(new SatelliteOrbit.Sgp4("FALLING", fast), START, 30 * 86_400_000L);
        assertThat(decay30).isEqualTo(decayMs);
        assertThat(b.out()).contains("decayed: FALLING (catalogue 99001) at " + when);
        List<String> beta = Files.readAllLines(dir.resolve("b/beta.csv"));
        // the healthy satellite has its 30 days; the decayed one only day 0 (the decay is within the first day)
        assertThat(beta.stream().filter(l -> l.contains(",HEALTHY,")).count()).isEqualTo(30);
        assertThat(beta.stream().filter(l -> l.contains(",FALLING,")).count()).isEqualTo(1);
        assertThat(beta).noneMatch(l -> l.contains("NaN"));
        assertThat(Files.readAllLines(dir.resolve("b/decayed.csv"))).contains("tle,FALLING,99001," + when);
    }

    @Test
    void earthShapeOptionIsCheckedAndSphereGivesLongerShadows(@TempDir Path dir) throws Exception {
        TLE ok = tle(99002, 550, 1e-4);
        Path file = dir.resolve("ok.tle");
        Files.writeString(file, "HEALTHY\n" + ok.getLine1() + "\n" + ok.getLine2() + "\n");
        RunCommandTest.Run bad = RunCommandTest.run("orbit", "eclipses", "--tle", file.toString(), "--earth-shape", "cube");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("earth shape must be sphere or wgs84, got 'cube'");
        double[] fraction = new double[2];
        String[] shapes = {"sphere", "wgs84"};
        for (int i = 0; i < 2; i++) {
            RunCommandTest.Run r = RunCommandTest.run("orbit", "eclipses", "--tle", file.toString(), "--epoch",
                    START.toString(), "--earth-shape", shapes[i], "--out", dir.resolve(shapes[i]).toString());
            assertThat(r.code()).as(r.err()).isZero();
            fraction[i] = Double.parseDouble(Files.readAllLines(dir.resolve(shapes[i] + "/eclipses.csv")).get(1).split(",")[3]);
        }
        // the ellipsoid's shadow is narrower over high latitudes: a few seconds per eclipse at 51.6 deg
        assertThat(fraction[1]).isLessThan(fraction[0]).isGreaterThan(fraction[0] - 0.01);
    }
}
