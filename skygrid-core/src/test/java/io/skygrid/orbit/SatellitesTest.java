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
    /** Scenario epoch for the Starlink file (element epochs 2026-01-31 .. 2026-02-23). */
    static final Instant TLE_EPOCH = Instant.parse("2026-02-23T00:00:00Z");
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
        SatelliteSet set = Satellites.load("starlink", new OrbitSpec.TleFile(STARLINK, null, null), TLE_EPOCH, false);
        assertThat(set.satellites()).hasSize(9543);
        assertThat(set.skipped()).isEmpty();
        assertThat(set.satellites().get(0).name()).isEqualTo("STARLINK-1008");
    }

    @Test
    void nameFilterAndMax() {
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(STARLINK, "starlink-11", 5), TLE_EPOCH, false);
        assertThat(set.satellites()).hasSize(5).allMatch(s -> s.name().startsWith("STARLINK-11"));
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(STARLINK, "no-such-sat", null), TLE_EPOCH, false))
                .isInstanceOf(InputException.class)
                .hasMessage(STARLINK + ": no satellite name contains 'no-such-sat' (nameFilter)");
    }

    @Test
    void twoLineRecordsAndBlankLines() throws IOException {
        Path f = copyFirst(6, l -> List.of("", l.get(1), l.get(2), "", "", l.get(4), l.get(5)));
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, false);
        assertThat(set.satellites()).extracting(SatelliteOrbit::name).containsExactly("44714", "44718");
    }

    @Test
    void badChecksumNamesFileAndLine() throws IOException {
        Path f = copyFirst(9, l -> {
            l.set(5, breakChecksum(l.get(5)));
            return l;
        });
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, false))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":6: checksum (line 2, column 69) is wrong: expected ");
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, true);
        assertThat(set.satellites()).hasSize(2);
        assertThat(set.skipped()).singleElement().asString().startsWith(f + ":6: checksum (line 2, column 69) is wrong: expected ");
    }

    @Test
    void truncatedLineAndWrongLineNumber() throws IOException {
        Path f = copyFirst(12, l -> {
            l.set(1, l.get(1).substring(0, 40));                 // truncated line 1 of record 1
            l.set(8, "3" + l.get(8).substring(1));                // wrong line number on line 2 of record 3
            return l;
        });
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, false))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":2: line 1 has 40 characters, expected 69 (truncated?)");
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, true);
        assertThat(set.satellites()).extracting(SatelliteOrbit::name).containsExactly("STARLINK-1012", "STARLINK-1019");
        assertThat(set.skipped()).containsExactly(f + ":2: line 1 has 40 characters, expected 69 (truncated?)",
                f + ":9: wrong line number (column 1): expected '2', found '3'");
    }

    @Test
    void repeatedCatalogueNumberIsABadRecord() throws IOException {
        // records 1, 2, then record 1 again (lines 7-9): the fleet must not double silently
        Path f = copyFirst(6, l -> {
            l.addAll(l.subList(0, 3));
            return l;
        });
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, false))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":8: catalogue 44714 already at line 2 (one element set per satellite)");
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, true);
        assertThat(set.satellites()).extracting(SatelliteOrbit::name).containsExactly("STARLINK-1008", "STARLINK-1012");
        assertThat(set.skipped()).containsExactly(f + ":8: catalogue 44714 already at line 2 (one element set per satellite)");
    }

    @Test
    void elementsOutsideTheDesignedAltitudeBoundsAreBadRecords() throws IOException {
        // 0.001 rev/day: an apogee about 4.2 million km up, far beyond the Moon
        expectBadRecord(firstRecordWith(2, 52, " 0.00100000"), TLE_EPOCH, "apogee altitude must be <= 50,000 km, got "
                + "4,218,260 km (from mean motion 0.001 rev/day and eccentricity 0.000125)");
        // 16.5 rev/day circular: about 139 km, which SGP4 still propagates above the surface
        expectBadRecord(firstRecordWith(2, 52, "16.50000000"), TLE_EPOCH, "perigee altitude must be >= 150 km, got "
                + "139 km (from mean motion 16.5 rev/day and eccentricity 0.000125)");
    }

    @Test
    void newestElementDayOfTleAndOmmFiles() throws IOException {
        // the Starlink snapshot's newest set is from 2026-02-23
        assertThat(Satellites.newestElementDay(new OrbitSpec.TleFile(STARLINK, null, null)))
                .isEqualTo(Instant.parse("2026-02-23T00:00:00Z"));
        Path f = copyFirst(3, l -> l);
        assertThat(Satellites.newestElementDay(new OrbitSpec.TleFile(f, null, null)))
                .isEqualTo(Instant.parse("2026-02-" + l1Day(Files.readAllLines(f).get(1)) + "T00:00:00Z"));
        assertThat(Satellites.newestElementDay(new OrbitSpec.TleFile(dir.resolve("none.tle"), null, null))).isNull();
    }

    /** @return the day of month (two digits) of a February TLE line 1's epoch */
    private static String l1Day(String line1) {
        int doy = (int) Double.parseDouble(line1.substring(20, 32).trim());
        return String.format(java.util.Locale.ROOT, "%02d", doy - 31);
    }

    @Test
    void catalogueMismatchAndAllBad() throws IOException {
        Path f = copyFirst(3, l -> {
            String l2 = l.get(2);
            String moved = l2.substring(0, 2) + "44715" + l2.substring(7, 68);
            l.set(2, moved + checksum(moved));
            return l;
        });
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, false))
                .hasMessage(f + ":3: catalogue number (line 2, columns 3-7) is 44715, which differs from 44714 on line 1");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, true))
                .isInstanceOf(InputException.class).hasMessageContaining("no satellites (1 bad records skipped)");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(dir.resolve("missing.tle"), null, null), TLE_EPOCH, false))
                .isInstanceOf(InputException.class).hasMessageContaining("cannot read");
    }

    /** First record of the Starlink file with {@code text} written at 0-based column {@code col} of line 1 or 2. */
    private Path firstRecordWith(int line, int col, String text) throws IOException {
        return copyFirst(3, l -> {
            String old = l.get(line);
            String edited = old.substring(0, col) + text + old.substring(col + text.length(), 68);
            l.set(line, edited + checksum(edited));
            return l;
        });
    }

    private static final String PREFIX = ":2: satellite STARLINK-1008 (catalogue 44714): ";

    private void expectBadRecord(Path f, Instant epoch, String reason) {
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), epoch, false))
                .isInstanceOf(InputException.class).hasMessage(f + PREFIX + reason);
        Path two = f.resolveSibling("two.tle");
        try {
            List<String> l = new ArrayList<>(Files.readAllLines(f));
            l.addAll(Files.readAllLines(STARLINK).subList(3, 6));
            Files.write(two, l);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(two, null, null), epoch, true);
        assertThat(set.satellites()).extracting(SatelliteOrbit::name).containsExactly("STARLINK-1012");
        assertThat(set.skipped()).containsExactly(two + PREFIX + reason);
    }

    @Test
    void recordsSgp4CannotPropagateAreBadRecords() throws IOException {
        expectBadRecord(firstRecordWith(2, 26, "9999999"), TLE_EPOCH,
                "cannot be propagated with SGP4/SDP4: too large eccentricity for propagation model: e = 1");
    }

    @Test
    void zeroMeanMotionAndRetrogradeBeyond180AreBadFieldsOfLine2() throws IOException {
        Path zero = firstRecordWith(2, 52, " 0.00000000");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(zero, null, null), TLE_EPOCH, false))
                .hasMessage(zero + ":3: mean motion (line 2, columns 53-63) must be > 0 revolutions per day, got '0.00000000'");
        Path steep = firstRecordWith(2, 8, "181.0000");
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(steep, null, null), TLE_EPOCH, false))
                .hasMessage(steep + ":3: inclination (line 2, columns 9-16) must be in [0, 180] degrees, got '181.0000'");
    }

    @Test
    void decayedObjectsAreBadRecords() throws IOException {
        expectBadRecord(firstRecordWith(2, 52, "17.50000000"), TLE_EPOCH, "has decayed: SGP4/SDP4 puts it 6,271 km from"
                + " the Earth's centre at the scenario epoch, below the equatorial radius 6,378 km");
        // ~290 km with B* 0.01 / 0.9 per Earth radius: re-entered before the scenario epoch 5 days after the elements;
        // SGP4 then puts it inside the Earth, or (diverged drag terms) absurdly far away
        Instant fiveDays = TLE_EPOCH.plus(java.time.Duration.ofDays(5));
        expectBadRecord(lowDraggy(" 10000-1"), fiveDays, "has decayed: SGP4/SDP4 puts it 4,663 km from"
                + " the Earth's centre at the scenario epoch, below the equatorial radius 6,378 km");
        expectBadRecord(lowDraggy(" 90000-0"), fiveDays, "has decayed: SGP4/SDP4 puts it 277,624,219,275,963,616 km from"
                + " the Earth's centre at the scenario epoch, far beyond the 6,653 km apogee of its elements (the drag"
                + " terms have diverged)");
    }

    private Path lowDraggy(String bstar) throws IOException {
        return copyFirst(3, l -> {
            l.set(1, withChecksum(l.get(1).substring(0, 53) + bstar + l.get(1).substring(61, 68)));
            l.set(2, withChecksum(l.get(2).substring(0, 52) + "16.00000000" + l.get(2).substring(63, 68)));
            return l;
        });
    }

    private static String withChecksum(String first68) {
        return first68 + checksum(first68);
    }

    @Test
    void elementsFarFromTheScenarioEpochAreBadRecords() throws IOException {
        expectBadRecord(firstRecordWith(1, 18, "06001.00000000"), TLE_EPOCH, "TLE epoch 2006-01-01 is 7,359 days from the"
                + " scenario epoch; SGP4 errors grow by kilometres per day: use TLEs within 60 days");
        Path f = copyFirst(3, l -> l);
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null),
                TLE_EPOCH.minus(java.time.Duration.ofDays(61)), false))
                .isInstanceOf(InputException.class).hasMessage(f + PREFIX + "TLE epoch 2026-02-22 is 61 days from the"
                        + " scenario epoch; SGP4 errors grow by kilometres per day: use TLEs within 60 days");
        // 59 days before and after: fine
        assertThat(Satellites.load("s", new OrbitSpec.TleFile(STARLINK, null, 3), TLE_EPOCH.plus(java.time.Duration.ofDays(59)),
                false).satellites()).hasSize(3);
    }

    @Test
    void binaryFileIsQuotedShortAndEscaped() throws IOException {
        byte[] junk = new byte[1700];
        new java.util.Random(1).nextBytes(junk);
        for (int k = 0; k < junk.length; k++) {
            if (junk[k] == '\n' || junk[k] == '\r') {
                junk[k] = 0x1B;
            }
        }
        junk[0] = 0x1B;
        Path f = dir.resolve("binary.tle");
        Files.write(f, java.nio.ByteBuffer.allocate(junk.length * 2 + 2).put(junk).put((byte) '\n').put(junk)
                .put((byte) '\n').array());
        assertThatThrownBy(() -> Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, false))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ":1: name line '\\x1B")
                .hasMessageEndingWith("...' is not followed by a TLE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("[^\\x20-\\x7E]")
                        .hasSizeLessThan(f.toString().length() + 400));
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
        List<SatelliteOrbit> sats = Satellites.load("sso", new OrbitSpec.SunSynchronous(650, 18, 3, 0), EPOCH, false).satellites();
        SatelliteOrbit.CircularJ2 s = (SatelliteOrbit.CircularJ2) sats.get(0);
        // 97.98 deg at 650 km with the Keplerian mean motion (often quoted as ~98.0 deg)
        assertThat(Math.toDegrees(s.inclinationRad())).isCloseTo(97.985, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Math.toDegrees(s.raanRate()) * 86400).isCloseTo(0.98565, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(sats.get(1).name()).isEqualTo("sso-p00-s01");
    }
}
