package io.skygrid.scenario;

import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {

    /** @return the repository root: the first folder above the working directory that has examples/ */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root with examples/ above the working directory").isNotNull();
        return dir;
    }

    @Test
    void builtInDefaultHasTheDocumentedFleet() {
        Scenario s = ScenarioLoader.builtInDefault();
        assertThat(s.name()).isEqualTo("skygrid-default");
        assertThat(s.source()).isEqualTo("<built-in default>");
        assertThat(s.epoch()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(s.horizon()).isEqualTo(Duration.ofDays(2));
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.output()).isEqualTo(Path.of("out/skygrid-default"));
        assertThat(s.scheduler()).isEqualTo(SchedulerSpec.DEFAULT);
        assertThat(s.workload()).isEqualTo(new WorkloadSpec.Generated(2.0, List.of("lab-a", "lab-b", "lab-c")));

        assertThat(s.fleet().ground()).hasSize(1);
        GroundSite site = s.fleet().ground().get(0);
        assertThat(site.name()).isEqualTo("colossus-1");
        assertThat(site.latitudeDeg()).isEqualTo(35.06);
        assertThat(site.longitudeDeg()).isEqualTo(-90.03);
        assertThat(site.accelerator().model()).isEqualTo("H100-SXM");
        assertThat(site.gpus()).isEqualTo(100_000);
        assertThat(site.nodes()).isEqualTo(12_500);
        assertThat(site.powerCapW()).isEqualTo(150e6);
        assertThat(site.pue()).isEqualTo(1.2);
        assertThat(site.electricityUsdPerKWh()).isEqualTo(0.06);
        assertThat(site.hostPowerPerNodeW()).isEqualTo(GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);

        List<OrbitalConstellation> orbital = s.fleet().orbital();
        assertThat(orbital).extracting(OrbitalConstellation::name)
                .containsExactly("starlink-shell-compute", "dawn-dusk-cluster");
        assertThat(orbital.get(0).orbit()).isEqualTo(new OrbitSpec.WalkerDelta(53, 550, 1584, 72, 1));
        assertThat(orbital.get(0).payload().count()).isEqualTo(8);
        assertThat(orbital.get(0).payload().solarArrayM2()).isEqualTo(40);
        assertThat(orbital.get(0).payload().batteryWh()).isEqualTo(4000);
        assertThat(orbital.get(0).payload().busPowerW()).isEqualTo(2000);
        assertThat(orbital.get(0).payload().pointingFactor()).isEqualTo(0.9);
        assertThat(orbital.get(0).payload().minStateOfCharge()).isEqualTo(0.2);
        assertThat(orbital.get(1).orbit()).isEqualTo(new OrbitSpec.SunSynchronous(650, 6.0, 81, 1000));
        assertThat(orbital.get(1).payload().count()).isEqualTo(4);
        assertThat(orbital.get(1).payload().batteryWh()).isEqualTo(10000);

        assertThat(s.fleet().stations()).isEqualTo(GroundStations.builtIn());
        assertThat(s.fleet().minElevationDeg()).isEqualTo(10);
    }

    @Test
    void exampleDefaultIsByteIdenticalToTheResource() throws IOException {
        byte[] example = Files.readAllBytes(repoRoot().resolve("examples/default.yaml"));
        byte[] resource;
        try (var in = ScenarioLoader.class.getResourceAsStream("default.yaml")) {
            assertThat(in).isNotNull();
            resource = in.readAllBytes();
        }
        assertThat(example).isEqualTo(resource);
        assertThat(ScenarioLoader.load(repoRoot().resolve("examples/default.yaml")).fleet())
                .isEqualTo(ScenarioLoader.builtInDefault().fleet());
    }

    @Test
    void realInputsExampleResolvesPathsAgainstItsFolder() {
        Path file = repoRoot().resolve("examples/real-inputs.yaml");
        Scenario s = ScenarioLoader.load(file);
        assertThat(s.name()).isEqualTo("real-inputs");
        assertThat(s.epoch()).isEqualTo(Instant.parse("2026-02-23T00:00:00Z"));
        assertThat(s.horizon()).isEqualTo(Duration.ofHours(24));
        assertThat(s.output()).isEqualTo(Path.of("out/real-inputs"));
        assertThat(s.fleet().ground()).extracting(GroundSite::name).containsExactly("colossus-1");

        OrbitalConstellation real = s.fleet().orbital().get(0);
        assertThat(real.name()).isEqualTo("starlink-real");
        OrbitSpec.TleFile tle = (OrbitSpec.TleFile) real.orbit();
        assertThat(tle.file()).isEqualTo(io.skygrid.TestData.path("tle/starlink-2026-02-23.tle").toAbsolutePath().normalize());
        assertThat(tle.nameFilter()).isNull();
        assertThat(tle.max()).isNull();
        assertThat(real.payload().count()).isEqualTo(1);
        assertThat(real.payload().solarArrayM2()).isEqualTo(8);

        assertThat(s.fleet().stations()).hasSize(36)
                .allSatisfy(st -> assertThat(st.provider()).isEqualTo("KSAT"));
        WorkloadSpec.Trace trace = (WorkloadSpec.Trace) s.workload();
        assertThat(trace.file()).isEqualTo(io.skygrid.TestData.path("traces/philly/philly.csv").toAbsolutePath().normalize());
        assertThat(trace.format()).isEqualTo("philly");
        assertThat(trace.scale()).isEqualTo(8);
        assertThat(trace.arrivalSpeedup()).isEqualTo(90.0);
        assertThat(trace.startOffsetMs()).isEqualTo(Duration.ofDays(19).toMillis());
    }

    @Test
    void optionalFieldsTakeTheirDefaults() {
        Scenario s = ScenarioLoader.parse("""
                name: minimal
                epoch: 2026-06-01T02:00:00+02:00
                horizon: PT36H
                ground:
                  - name: g
                    location: {lat: 0, lon: 0}
                    accelerator: B200
                    gpus: 16
                    powerCapW: 1e6
                    electricityUsdPerKWh: 0
                workload:
                  generator: {offeredLoad: 1}
                """, "minimal.yaml", null);
        assertThat(s.epoch()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(s.horizon()).isEqualTo(Duration.ofHours(36));
        assertThat(s.seed()).isEqualTo(1);
        assertThat(s.output()).isEqualTo(Path.of("out/minimal"));
        assertThat(s.scheduler()).isEqualTo(SchedulerSpec.DEFAULT);
        assertThat(s.fleet().ground().get(0).gpusPerNode()).isEqualTo(8);
        assertThat(s.fleet().ground().get(0).pue()).isEqualTo(ScenarioLoader.DEFAULT_PUE);
        assertThat(s.fleet().stations()).isEqualTo(GroundStations.builtIn());
        assertThat(s.fleet().minElevationDeg()).isEqualTo(10);
        assertThat(((WorkloadSpec.Generated) s.workload()).tenants()).containsExactly("default");
    }

    @Test
    void walkerNotationEqualsTheLongForm() {
        String yaml = BadInputTest.BASE.replace(
                "walker: {inclinationDeg: 53, altitudeKm: 550, total: 1584, planes: 72, phasing: 1}",
                "walker: {notation: \"53:1584/72/1\", altitudeKm: 550}");
        Scenario s = ScenarioLoader.parse(yaml, "scenario.yaml", null);
        assertThat(s.fleet().orbital().get(0).orbit()).isEqualTo(new OrbitSpec.WalkerDelta(53, 550, 1584, 72, 1));
    }

    @Test
    void horizonUnits() {
        for (var c : List.of(List.of("90m", Duration.ofMinutes(90)), List.of("36h", Duration.ofHours(36)),
                List.of("7d", Duration.ofDays(7)), List.of("45s", Duration.ofSeconds(45)),
                List.of("1.5d", Duration.ofHours(36)), List.of("P3D", Duration.ofDays(3)))) {
            String yaml = BadInputTest.BASE.replace("horizon: 3d", "horizon: " + c.get(0));
            assertThat(ScenarioLoader.parse(yaml, "s.yaml", null).horizon()).as("%s", c.get(0)).isEqualTo(c.get(1));
        }
    }

    @Test
    void missingScenarioFileNamesThePath() {
        assertThatThrownBy(() -> ScenarioLoader.load(Path.of("no/such/scenario.yaml")))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("no/such/scenario.yaml: scenario file not found (");
    }
}
