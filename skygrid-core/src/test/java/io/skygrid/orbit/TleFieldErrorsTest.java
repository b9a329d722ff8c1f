package io.skygrid.orbit;

import io.skygrid.scenario.InputException;
import io.skygrid.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad TLE field is reported on the physical line that holds it, with the field's name and its 1-based
 * columns (CelesTrak / Space-Track format table).
 */
class TleFieldErrorsTest {
    static final Path STARLINK = TestData.path("tle/starlink-2026-02-23.tle");
    static final Instant TLE_EPOCH = Instant.parse("2026-02-23T00:00:00Z");

    @TempDir
    Path dir;

    /**
     * The first Starlink record behind a name line and a blank line (so the data lines are physical lines
     * 3 and 4), with {@code text} at 1-based column {@code column} of data line {@code which}; the
     * checksum is recomputed so that only the field is wrong.
     */
    private Path record(int which, int column, String text) throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(STARLINK).subList(0, 3));
        String old = l.get(which);
        String edited = old.substring(0, column - 1) + text + old.substring(column - 1 + text.length(), 68);
        l.set(which, edited + checksum(edited));
        l.add(1, "");
        Path f = dir.resolve("bad.tle");
        Files.write(f, l);
        return f;
    }

    private static int checksum(String first68) {
        int sum = 0;
        for (char c : first68.toCharArray()) {
            sum += Character.isDigit(c) ? c - '0' : c == '-' ? 1 : 0;
        }
        return sum % 10;
    }

    private static String message(Path f) {
        try {
            Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, false);
        } catch (InputException e) {
            return e.getMessage().substring(f.toString().length());
        }
        throw new AssertionError("no error");
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
            "2| 9|' 5x.0536'|:4: inclination (line 2, columns 9-16) must be NNN.NNNN degrees, got ' 5x.0536'",
            "2|27|'00012a5'|:4: eccentricity (line 2, columns 27-33) must be 7 digits (decimal point assumed), got '00012a5'",
            "2|18|'1234567.'|:4: right ascension of the ascending node (line 2, columns 18-25) must be NNN.NNNN degrees, got '1234567.'",
            "2|53|'15.0x000000'|:4: mean motion (line 2, columns 53-63) must be NN.NNNNNNNN revolutions per day, got '15.0x000000'",
            "2| 8|'x'|:4: separator (line 2, column 8) must be a blank, got 'x'",
            "2|64|'1234x'|:4: revolution number at epoch (line 2, columns 64-68) must be up to 5 digits, got '1234x'",
            "1| 8|'7'|:3: classification (line 1, column 8) must be a letter (U, C or S), got '7'",
            "1|21|'05a.12345678'|:3: epoch day of year (line 1, columns 21-32) must be DDD.DDDDDDDD, got '05a.12345678'",
            "1|54|'-1160x-4'|:3: B* drag term (line 1, columns 54-61) must be a signed mantissa and exponent such as '-11606-4' (decimal point assumed), got '-1160x-4'",
            "1| 3|'4471O'|:3: catalogue number (line 1, columns 3-7) must be 5 digits, or a letter and 4 digits (Alpha-5), got '4471O'",
    })
    void aBadFieldNamesItsColumnsAndItsOwnLine(int which, int column, String text, String expected) throws IOException {
        assertThat(message(record(which, column, text))).isEqualTo(expected);
    }

    @Test
    void outOfRangeValuesNameTheField() throws IOException {
        assertThat(message(record(2, 35, "360.0000")))
                .isEqualTo(":4: argument of perigee (line 2, columns 35-42) must be in [0, 360) degrees, got '360.0000'");
        assertThat(message(record(1, 21, "366.50000000")))
                .isEqualTo(":3: epoch day of year (line 1, columns 21-32) must be in [1, 366) (day 1 is 1 January; 2026 has"
                        + " 365 days), got '366.50000000'");
    }

    @Test
    void aBadChecksumNamesLineAndColumn() throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(STARLINK).subList(0, 3));
        String l2 = l.get(2);
        char c = l2.charAt(68);
        l.set(2, l2.substring(0, 68) + (char) ('0' + (c - '0' + 1) % 10));
        Path f = dir.resolve("sum.tle");
        Files.write(f, l);
        assertThat(message(f)).isEqualTo(":3: checksum (line 2, column 69) is wrong: expected " + (c - '0')
                + " (the sum of the digits of columns 1-68, minus signs counting 1, modulo 10), found '"
                + (char) ('0' + (c - '0' + 1) % 10) + "'");
    }

    @Test
    void skippedRecordsKeepTheFieldMessage() throws IOException {
        Path f = record(2, 9, " 5x.0536");
        List<String> l = new ArrayList<>(Files.readAllLines(f));
        l.addAll(Files.readAllLines(STARLINK).subList(3, 6));
        Files.write(f, l);
        SatelliteSet set = Satellites.load("s", new OrbitSpec.TleFile(f, null, null), TLE_EPOCH, true);
        assertThat(set.satellites()).hasSize(1);
        assertThat(set.skipped()).containsExactly(f + ":4: inclination (line 2, columns 9-16) must be NNN.NNNN degrees, got ' 5x.0536'");
    }

    @Test
    void everyColumnOfBothLinesIsCoveredOnce() {
        for (List<TleFormat.Field> line : List.of(TleFormat.LINE_1, TleFormat.LINE_2)) {
            int next = 2; // column 1 is the line number, 69 the checksum
            for (TleFormat.Field f : line) {
                assertThat(f.first()).as(f.name()).isEqualTo(next);
                next = f.last() + 1;
            }
            assertThat(next).isEqualTo(69);
        }
    }
}
