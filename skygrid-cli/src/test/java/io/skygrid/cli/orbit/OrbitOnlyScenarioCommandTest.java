package io.skygrid.cli.orbit;

import io.skygrid.cli.RunCommandTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An orbit-only scenario (no workload section) works for the orbit and econ commands and is refused by run. */
class OrbitOnlyScenarioCommandTest {
    static final String ORBIT_ONLY = RunCommandTest.SMALL.substring(0, RunCommandTest.SMALL.indexOf("workload:"));

    @Test
    void orbitCommandsTakeAScenarioWithoutAWorkload(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("orbit.yaml"), ORBIT_ONLY);
        RunCommandTest.Run e = RunCommandTest.run("orbit", "eclipses", "-s", scenario.toString(), "-c", "shell", "--limit", "1");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("shell: 24 satellites");
        RunCommandTest.Run b = RunCommandTest.run("orbit", "beta", "-s", scenario.toString(), "-c", "dawn-dusk",
                "--days", "2", "--limit", "1");
        assertThat(b.code()).as(b.err()).isZero();
        RunCommandTest.Run c = RunCommandTest.run("econ", "-s", scenario.toString());
        assertThat(c.code()).as(c.err()).isZero();
    }

    @Test
    void runSaysAWorkloadIsNeeded(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("orbit.yaml"), ORBIT_ONLY);
        RunCommandTest.Run r = RunCommandTest.run("run", "-s", scenario.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(scenario + ":1: workload is required to simulate the fleet: add a section such as "
                + "'workload: {generator: {offeredLoad: 0.7}}'");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
