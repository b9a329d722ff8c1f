package io.skygrid.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A scenario without a workload: read for orbit physics, refused with a how-to for a simulation. */
class OrbitOnlyScenarioTest {
    static final String ORBIT_ONLY = BadInputTest.BASE.substring(0, BadInputTest.BASE.indexOf("workload:"));

    @TempDir
    Path dir;

    @Test
    void anOrbitOnlyScenarioIsReadForOrbitPhysics() throws IOException {
        Path f = Files.writeString(dir.resolve("orbit.yaml"), ORBIT_ONLY);
        Scenario s = ScenarioLoader.loadWithoutWorkload(f);
        assertThat(s.workload()).isNull();
        assertThat(s.inference()).isNull();
        assertThat(s.fleet().orbital()).hasSize(1);
        assertThat(s.fleet().orbital().get(0).name()).isEqualTo("shell");
        // a workload that is there is still validated
        Path bad = Files.writeString(dir.resolve("bad.yaml"), ORBIT_ONLY + "workload: {generator: {offeredLoad: 20}}\n");
        assertThatThrownBy(() -> ScenarioLoader.loadWithoutWorkload(bad))
                .hasMessage(bad + ":15: workload.generator.offeredLoad must be in (0, 10], got 20");
    }

    @Test
    void aSimulationSaysAWorkloadIsNeededAndHowToAddOne() throws IOException {
        Path f = Files.writeString(dir.resolve("orbit.yaml"), ORBIT_ONLY);
        assertThatThrownBy(() -> ScenarioLoader.load(f))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ":1: workload is required to simulate the fleet: add a section such as "
                        + "'workload: {generator: {offeredLoad: 0.7}}' (generated jobs at 70 % of the fleet's GPUs) or "
                        + "'workload: {trace: {file: jobs.csv, format: philly}}'; the 'skygrid orbit' commands read a "
                        + "scenario without one");
        assertThatThrownBy(() -> ScenarioLoader.parse(ORBIT_ONLY, "s.yaml", dir))
                .hasMessageStartingWith("s.yaml:1: workload is required to simulate the fleet");
    }
}
