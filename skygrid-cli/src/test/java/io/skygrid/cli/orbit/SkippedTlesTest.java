package io.skygrid.cli.orbit;

import io.skygrid.cli.RunCommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --skip-bad-tles} lists every skipped record (file, line, catalogue, reason), not only the first. */
class SkippedTlesTest {

    @TempDir
    Path dir;

    /** The shared Starlink snapshot, found by walking up to {@code shared/data} as the core tests do. */
    static Path starlink() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("shared/data/tle/starlink-2026-02-23.tle");
            if (Files.isRegularFile(f)) return f;
        }
        throw new IllegalStateException("shared/data/tle/starlink-2026-02-23.tle not found above the working directory");
    }

    private static String withChecksum(String first68) {
        int sum = 0;
        for (char c : first68.toCharArray()) {
            sum += Character.isDigit(c) ? c - '0' : c == '-' ? 1 : 0;
        }
        return first68 + sum % 10;
    }

    /**
     * Four Starlink records (3-line, lines 1-12): record 2 has a letter in its inclination (line 6), record 3
     * a wrong checksum on line 1 (line 8).
     */
    private Path fileWithTwoBadRecords() throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(starlink()).subList(0, 12));
        String r2 = l.get(5);
        l.set(5, withChecksum(r2.substring(0, 8) + " 5x.1565" + r2.substring(16, 68)));
        String r3 = l.get(7);
        l.set(7, r3.substring(0, 68) + (char) ('0' + (r3.charAt(68) - '0' + 1) % 10));
        Path f = dir.resolve("four.tle");
        Files.write(f, l);
        return f;
    }

    @Test
    void everySkippedRecordIsListedInTheOutputFolder() throws IOException {
        Path f = fileWithTwoBadRecords();
        List<String> original = Files.readAllLines(starlink()).subList(0, 12);
        char sum3 = original.get(7).charAt(68);
        Path out = dir.resolve("out");
        RunCommandTest.Run r = RunCommandTest.run("orbit", "eclipses", "--tle", f.toString(), "--horizon", "2h",
                "--skip-bad-tles", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("tle: 2 satellites")
                .contains("2 bad element-set records skipped (--skip-bad-tles), every one listed in "
                        + out.resolve("skipped-tles.csv"));
        List<List<String>> rows = new ArrayList<>();
        try (org.apache.commons.csv.CSVParser csv = org.apache.commons.csv.CSVParser.parse(out.resolve("skipped-tles.csv"),
                java.nio.charset.StandardCharsets.UTF_8, org.apache.commons.csv.CSVFormat.DEFAULT)) {
            csv.forEach(rec -> rows.add(rec.toList()));
        }
        assertThat(rows).containsExactly(
                List.of("constellation", "file", "line", "catalogue", "reason"),
                List.of("tle", f.toString(), "6", original.get(4).substring(2, 7).strip(),
                        "inclination (line 2, columns 9-16) must be NNN.NNNN degrees, got ' 5x.1565'"),
                List.of("tle", f.toString(), "8", original.get(7).substring(2, 7).strip(),
                        "checksum (line 1, column 69) is wrong: expected " + sum3 + " (the sum of the digits of columns"
                                + " 1-68, minus signs counting 1, modulo 10), found '" + (char) ('0' + (sum3 - '0' + 1) % 10) + "'"));
    }

    @Test
    void withoutAnOutputFolderTheRecordsArePrinted() throws IOException {
        Path f = fileWithTwoBadRecords();
        RunCommandTest.Run r = RunCommandTest.run("orbit", "passes", "--tle", f.toString(), "--horizon", "2h",
                "--skip-bad-tles", "--limit", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 bad element-set records skipped (--skip-bad-tles):\n  " + f
                        + ":6: inclination (line 2, columns 9-16) must be NNN.NNNN degrees, got ' 5x.1565'\n")
                .contains("  ... 1 more (use --out DIR for skipped-tles.csv with all)");
        RunCommandTest.Run all = RunCommandTest.run("orbit", "passes", "--tle", f.toString(), "--horizon", "2h",
                "--skip-bad-tles");
        assertThat(all.out()).contains(f + ":6: inclination", f + ":8: checksum (line 1, column 69) is wrong");
    }

    @Test
    void withoutSkippingTheFirstBadRecordIsTheError() throws IOException {
        Path f = fileWithTwoBadRecords();
        RunCommandTest.Run r = RunCommandTest.run("orbit", "eclipses", "--tle", f.toString(), "--horizon", "2h");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(f + ":6: inclination (line 2, columns 9-16) must be NNN.NNNN degrees, got ' 5x.1565'");
    }
}
