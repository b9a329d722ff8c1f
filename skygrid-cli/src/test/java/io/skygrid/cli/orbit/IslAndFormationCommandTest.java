package io.skygrid.cli.orbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skygrid.cli.RunCommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class IslAndFormationCommandTest {

    @Test
    void formationOf81Within1Km(@TempDir Path dir) throws Exception {
        RunCommandTest.Run r = RunCommandTest.run("orbit", "formation", "--sso", "81", "--altitude-km", "650",
                "--formation-radius-m", "1000", "--limit", "2", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("formation: 81 satellites", "spacing 218.2 m (at least 100 m)",
                "closest approach 218.22 m (formation-p00-s00 - formation-p00-s01, 0.0 min after the epoch)");
        List<String> rows = Files.readAllLines(dir.resolve("formation.csv"));
        assertThat(rows).hasSize(82);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertThat(Double.parseDouble(f[2])).isCloseTo(218.218, offset(0.001));
            assertThat(Double.parseDouble(f[4])).isCloseTo(218.218, offset(0.001));
        }
        JsonNode j = new ObjectMapper().readTree(dir.resolve("formation.json").toFile()).get(0);
        assertThat(j.get("closest_approach_m").asDouble()).isCloseTo(218.218, offset(0.001));
        assertThat(j.get("max_diameter_m").asDouble()).isCloseTo(2000, offset(0.01));
    }

    @Test
    void islOfASmallWalkerShell(@TempDir Path dir) throws Exception {
        RunCommandTest.Run r = RunCommandTest.run("orbit", "isl", "--walker", "53:240/12/1", "--altitude-km", "550",
                "--hours", "2", "--limit", "3", "--ground", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("240 satellites, topology plus-grid (480 candidate links)", "121 instants",
                "mean degree 4.00");
        // more than 100 satellites: the first satellite with every other
        List<String> rows = Files.readAllLines(dir.resolve("isl-pairs.csv"));
        assertThat(rows).hasSize(239 + 1);
        // walker-p00-s00 with its in-plane neighbour s01: 18 deg apart, always up
        String[] f = rows.get(1).split(",");
        assertThat(f[0] + "," + f[1]).isEqualTo("walker-p00-s00,walker-p00-s01");
        assertThat(f[2]).isEqualTo("1.000000");
        double km = Double.parseDouble(f[4]);
        assertThat(km).isCloseTo(2 * 6928.137 * Math.sin(Math.toRadians(9)), offset(0.01));
        assertThat(Double.parseDouble(f[7])).isCloseTo(km / 299_792.458 * 1e3, offset(1e-5));
        // the shortest path is never longer than the direct link
        assertThat(Double.parseDouble(f[12])).isLessThanOrEqualTo(Double.parseDouble(f[8]) + 1e-6);
        JsonNode j = new ObjectMapper().readTree(dir.resolve("isl.json").toFile());
        assertThat(j.get("topology").asText()).isEqualTo("plus-grid");
        assertThat(j.get("pairs")).hasSize(239);
        // one source satellite: one ground row
        assertThat(Files.readAllLines(dir.resolve("isl-ground.csv"))).hasSize(2);
    }

    @Test
    void badOptionsNameTheOption() {
        RunCommandTest.Run r = RunCommandTest.run("orbit", "isl", "--walker", "53:60/6/1", "--altitude-km", "550",
                "--topology", "ring");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--topology: unknown ISL topology 'ring' (known: plus-grid, full-mesh, visible)");
        r = RunCommandTest.run("orbit", "isl", "--walker", "0:4/2/0", "--altitude-km", "550");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--walker 0:4/2/0: Walker delta 0:4/2/0 puts satellites p00-s00 and p01-s01 in the same slot");
        r = RunCommandTest.run("orbit", "formation", "--sso", "81", "--altitude-km", "650", "--formation-radius-m", "300");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--formation-radius-m 300 m is too small for 81 satellites at least 100 m apart");
        r = RunCommandTest.run("orbit", "formation", "--sso", "81", "--altitude-km", "120", "--formation-radius-m", "1000");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--altitude-km must be in [150, 50,000] km, got 120");
        r = RunCommandTest.run("orbit", "isl", "--sso", "9", "--altitude-km", "650", "--formation-radius-m", "1000",
                "--topology", "plus-grid");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--topology plus-grid: topology plus-grid needs a Walker shell");
        r = RunCommandTest.run("orbit", "formation", "--sso", "9", "--altitude-km", "650", "--formation-radius-m", "500",
                "--model", "sgp4");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--model must be hcw, two-body or j2, got 'sgp4'");
        r = RunCommandTest.run("orbit", "isl", "--walker", "53:60/6/1", "--altitude-km", "550", "--pair", "0,99");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--pair: satellite index 99 is out of range [0, 59]");
    }
}
