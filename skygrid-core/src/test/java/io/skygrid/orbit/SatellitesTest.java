package io.skygrid.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.skygrid.TestData;
import io.skygrid.scenario.InputException;

class SatellitesTest {
    static final Instant EPOCH = Instant.parse("2026-06-21T00:00:00Z");
    static final Path STARLINK = TestData.path("tle/starlink-2026-02-23.tle");

    @TempDir
    Path dir;

    private Path copyFirst(int lines, java.util.function.UnaryOperator<List<String>> edit) throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(STARLINK).subList(0, lines));
        Path f = dir.resolve("bad.tle");
        Files.write(f, edit.apply(l));
        return f;
    }

    private static String breakChecksum(String line) {
        char c = line.charAt(68);
        return line.substring(0, 68) + (char) ('0' + (c - '0' + 1) % 10);
    }

    @Test
    void readsWholeStarlinkFile() {
        SatelliteSet set = Satellites.load("starlink", new OrbitSpec.TleFile(STARLINK, null, null), EPOCH, false);
        assertThat(set.satellites()).hasSize(9543);
        assertThat(set.skipped()).isEmpty();
        assertThat(set.satellites().get(0).name()).isEqualTo("STARLINK-1008");
    }

    @Test
    void nameFilterAndMax() {
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(STARLINK, "starlink-11", 5), EPOCH, false);
        assertThat(set.satellites()).hasSize(5).allMatch(s -> s.name().startsWith("STARLINK-11"));
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(STARLINK, "no-such-sat", null), EPOCH, false))
                .isInstanceOf(InputException.class).hasMessageContaining("no satellites");
    }

    @Test
    void twoLineRecordsAndBlankLines() throws IOException {
        Path f = copyFirst(6, l -> List.of("", l.get(1), l.get(2), "", "", l.get(4), l.get(5)));
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(f, null, null), EPOCH, false);
        assertThat(set.satellites()).extracting(SatelliteOrbit::name).containsExactly("44714", "44718");
    }

    @Test
    void badChecksumNamesFileAndLine() throws IOException {
        Path f = copyFirst(9, l -> {
            l.set(5, breakChecksum(l.get(5)));
            return l;
        });
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), EPOCH, false))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":6: bad checksum on line 2");
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(f, null, null), EPOCH, true);
        assertThat(set.satellites()).hasSize(2);
        assertThat(set.skipped()).singleElement().asString().startsWith(f + ":6: bad checksum on line 2");
    }

    @Test
    void truncatedLineAndWrongLineNumber() throws IOException {
        Path f = copyFirst(12, l -> {
            l.set(1, l.get(1).substring(0, 40));                 // truncated line 1 of record 1
            l.set(8, "3" + l.get(8).substring(1));                // wrong line number on line 2 of record 3
            return l;
        });
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), EPOCH, false))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":2: line 1 has 40 characters, expected 69 (truncated?)");
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(f, null, null), EPOCH, true);
        assertThat(set.satellites()).extracting(SatelliteOrbit::name).containsExactly("STARLINK-1012", "STARLINK-1019");
        assertThat(set.skipped()).containsExactly(f + ":2: line 1 has 40 characters, expected 69 (truncated?)",
                f + ":9: wrong line number: expected '2', found '3'");
    }

    @Test
    void catalogueMismatchAndAllBad() throws IOException {
        Path f = copyFirst(3, l -> {
            String l2 = l.get(2);
            String moved = l2.substring(0, 2) + "44715" + l2.substring(7, 68);
            l.set(2, moved + checksum(moved));
            return l;
        });
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), EPOCH, false))
                .hasMessage(f + ":3: catalogue number 44715 on line 2 differs from 44714 on line 1");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), EPOCH, true))
                .isInstanceOf(InputException.class).hasMessageContaining("no satellites (1 bad records skipped)");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(dir.resolve("missing.tle"), null, null), EPOCH, false))
                .isInstanceOf(InputException.class).hasMessageContaining("cannot read");
    }

    private static int checksum(String first68) {
        int sum = 0;
        for (char c : first68.toCharArray()) {
            sum += Character.isDigit(c) ? c - '0' : c == '-' ? 1 : 0;
        }
        return sum % 10;
    }

    @Test
    void walkerGeometry() {
        List<SatelliteOrbit> sats = Satellites.load("w", new OrbitSpec.WalkerDelta(53, 550, 24, 3, 1), EPOCH, false).satellites();
        assertThat(sats).hasSize(24);
        SatelliteOrbit.CircularJ2 p0s0 = (SatelliteOrbit.CircularJ2) sats.get(0);
        SatelliteOrbit.CircularJ2 p0s1 = (SatelliteOrbit.CircularJ2) sats.get(1);
        SatelliteOrbit.CircularJ2 p1s0 = (SatelliteOrbit.CircularJ2) sats.get(8);
        SatelliteOrbit.CircularJ2 p2s3 = (SatelliteOrbit.CircularJ2) sats.get(19);
        assertThat(p1s0.name()).isEqualTo("w-p01-s00");
        assertThat(Math.toDegrees(p1s0.raanRad() - p0s0.raanRad())).isCloseTo(120, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Math.toDegrees(p0s1.argLatRad() - p0s0.argLatRad())).isCloseTo(45, org.assertj.core.data.Offset.offset(1e-9));
        // phase offset f x 360 / t = 15 deg per plane
        assertThat(Math.toDegrees(p1s0.argLatRad())).isCloseTo(15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Math.toDegrees(p2s3.argLatRad())).isCloseTo(3 * 45 + 30, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p0s0.semiMajorAxisM()).isEqualTo(6378137 + 550e3);
        assertThatThrownBy(() -> Satellites.load("w", new OrbitSpec.WalkerDelta(53, 550, 10, 3, 1), EPOCH, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("walker.planes");
        assertThatThrownBy(() -> Satellites.load("w", new OrbitSpec.WalkerDelta(53, 550, 24, 3, 3), EPOCH, false))
                .hasMessageContaining("walker.phasing");
        assertThatThrownBy(() -> Satellites.load("w", new OrbitSpec.WalkerDelta(53, 100, 24, 3, 1), EPOCH, false))
                .hasMessageContaining("walker.altitudeKm");
        assertThatThrownBy(() -> Satellites.load("w", new OrbitSpec.WalkerDelta(190, 550, 24, 3, 1), EPOCH, false))
                .hasMessageContaining("walker.inclinationDeg");
    }

    @Test
    void sunSynchronousInclinationAndDrift() {
        List<SatelliteOrbit> sats = Satellites.load("sso", new OrbitSpec.SunSynchronous(650, 18, 3, 1000), EPOCH, false).satellites();
        SatelliteOrbit.CircularJ2 s = (SatelliteOrbit.CircularJ2) sats.get(0);
        // 97.98 deg at 650 km with the Keplerian mean motion (often quoted as ~98.0 deg)
        assertThat(Math.toDegrees(s.inclinationRad())).isCloseTo(97.985, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Math.toDegrees(s.raanRate()) * 86400).isCloseTo(0.98565, org.assertj.core.data.Offset.offset(1e-5));
        // formation: along-track spread +-1000 m
        double span = ((SatelliteOrbit.CircularJ2) sats.get(2)).argLatRad() - (s.argLatRad() - 2 * Math.PI);
        assertThat(span * s.semiMajorAxisM()).isCloseTo(2000, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(sats.get(1).name()).isEqualTo("sso-p00-s01");
    }
}
