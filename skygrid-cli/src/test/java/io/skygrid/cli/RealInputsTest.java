package io.skygrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The main job on real inputs: all Starlink TLEs, the Philly trace, KSAT stations (examples/real-inputs.yaml). */
public class RealInputsTest {

    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (with examples/) not found");
        }
        return dir;
    }

    @Test
    void realInputsRunEndToEnd(@TempDir Path out) throws Exception {
        Path scenario = repoRoot().resolve("examples/real-inputs.yaml");
        RunCommandTest.Run r = RunCommandTest.run("run", "--scenario", scenario.toString(), "--out", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        // 82,247 Philly rows, each issued 8 times (scale 8); the 54 submitted in the trace's first 19 days
        // (before the replay's start offset) are skipped and counted
        int loaded = s.get("workload").get("jobsLoaded").asInt();
        int beforeOffset = s.get("workload").get("rowsSkipped").get("submitted before the start offset").asInt();
        assertThat(beforeOffset).isEqualTo(8 * 54);
        assertThat(loaded + beforeOffset).isEqualTo(8 * 82_247);
        JsonNode jobs = s.get("jobs");
        assertThat(jobs.get("submitted").asInt()).isEqualTo(jobs.get("completed").asInt() + jobs.get("running").asInt()
                + jobs.get("queued").asInt() + jobs.get("rejected").asInt());
        assertThat(jobs.get("submitted").asInt() + jobs.get("after-horizon").asInt()).isEqualTo(loaded);
        // from day 19 at 90x the remaining 89.9 days of the trace arrive within the 24 h horizon
        assertThat(jobs.get("after-horizon").asInt()).isZero();
        assertThat(jobs.get("completed").asInt()).isGreaterThan(400_000);
        JsonNode orbit = s.get("pools").get(1);
        assertThat(orbit.get("satellites").asInt()).isEqualTo(9_543);
        // Starlink at 53 deg / 550 km around 23 Feb: eclipses take roughly 30-40 % of each orbit
        assertThat(orbit.get("meanEclipseFraction").asDouble()).isBetween(0.25, 0.42);
        assertThat(orbit.get("meanContactHoursPerSatellite").asDouble()).isPositive();
        assertThat(Files.readAllLines(out.resolve("jobs.csv"))).hasSize(loaded + 1);
        // demand exceeds the ground site: the constellation carries work
        assertThat(orbit.get("gpuHoursDelivered").asDouble()).isPositive();
        assertThat(r.out()).contains("starlink-real", "colossus-1");
    }
}
