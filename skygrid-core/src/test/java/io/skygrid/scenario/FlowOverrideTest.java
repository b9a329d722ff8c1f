package io.skygrid.scenario;

import io.skygrid.sched.QueuePolicies;
import io.skygrid.sched.QueuePolicy;
import io.skygrid.sched.SchedulerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --set} with YAML flow lists and mappings, list appends, {@code starvationFactor: off}, run-folder files. */
class FlowOverrideTest {
    private static final String YAML = "name: t\nepoch: 2026-06-01T00:00:00Z\nhorizon: 1h\nground:\n"
            + "  - {name: g, location: {lat: 0, lon: 0}, accelerator: H100-SXM, gpus: 8, powerCapW: 1e6,\n"
            + "     electricityUsdPerKWh: 0.1}\nworkload: {generator: {offeredLoad: 1}}\nscheduler: {queue: tiresias}\n";

    private static Scenario parse(String... sets) {
        return ScenarioLoader.parse(YAML, "t.yaml", null, java.util.Arrays.stream(sets).map(ScenarioOverride::parse).toList());
    }

    @Test
    void listsAndMappingsAreSetAsTheFileWouldHoldThem() {
        assertThat(ScenarioOverride.parse("scheduler.lasThresholdsGpuHours=[16]").kind()).isEqualTo(ScenarioOverride.Kind.FLOW);
        assertThat(parse("scheduler.lasThresholdsGpuHours=[16]").scheduler().lasThresholdsGpuHours()).containsExactly(16.0);
        assertThat(parse("scheduler.lasThresholdsGpuHours=[1, 2, 4]", "scheduler.lasThresholdsGpuHours=[3]")
                .scheduler().lasThresholdsGpuHours()).containsExactly(3.0);
        // a mapping replaces a mapping; a list item may be appended one past the end
        Scenario s = parse("ground[0]={name: a, location: {lat: 1, lon: 2}, accelerator: B200, gpus: 512, powerCapW: 2e6, "
                + "electricityUsdPerKWh: 0.3}", "ground[1]={name: b, location: {lat: 3, lon: 4}, accelerator: H100-SXM, "
                + "gpus: 16, powerCapW: 1e6, electricityUsdPerKWh: 0.1}");
        assertThat(s.fleet().ground()).extracting(g -> g.name()).containsExactly("a", "b");
        assertThat(s.fleet().ground().get(0).gpus()).isEqualTo(512);
        assertThat(s.fleet().ground().get(0).electricityUsdPerKWh()).isEqualTo(0.3);
        assertThat(parse("workload={generator: {offeredLoad: 0.5, tenants: [x, y]}}").workload().toString()).contains("0.5");
    }

    @Test
    void errorsInsideAFlowValueNameTheFileTheReplacedLineAndTheFullPath() {
        assertThatThrownBy(() -> parse("ground[0]={name: a, location: {lat: 1, lon: 2}, accelerator: B200, gpus: -8, "
                + "powerCapW: 2e6, electricityUsdPerKWh: 0.3}"))
                .isInstanceOf(InputException.class).hasMessage("t.yaml:5: ground[0].gpus must be > 0, got -8");
        assertThatThrownBy(() -> parse("ground[0].location={lat: 1, lon: 200}"))
                .isInstanceOf(InputException.class).hasMessageStartingWith("t.yaml:5: ground[0].location.lon must be in [-180, 180]");
        assertThatThrownBy(() -> parse("scheduler.lasThresholdsGpuHours=[\"16\"]"))
                .isInstanceOf(InputException.class).hasMessageStartingWith("t.yaml:8: scheduler.lasThresholdsGpuHours[0] must be a number");
        assertThatThrownBy(() -> parse("ground[0]={name: a, gpuz: 8}"))
                .isInstanceOf(InputException.class).hasMessageStartingWith("t.yaml:5: ground[0].gpuz is not a known field");
        // two past the end is still an error, saying how to append
        assertThatThrownBy(() -> parse("ground[2]={name: b}")).isInstanceOf(InputException.class)
                .hasMessageContaining("ground has 1 item, so ground[2] does not exist").hasMessageContaining("appended as ground[1]");
        // broken YAML is refused when the override is read
        assertThatThrownBy(() -> ScenarioOverride.parse("scheduler={queue: fifo"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scheduler: the value '{queue: fifo' is not valid YAML");
        // a single value still cannot replace a mapping, and the message says how to give one
        assertThatThrownBy(() -> parse("workload=1")).hasMessageContaining("give a YAML flow mapping such as {key: value}");
    }

    @Test
    void starvationPromotionCanBeSwitchedOff() {
        assertThat(parse("scheduler.starvationFactor=off").scheduler().starvationFactor()).isEqualTo(SchedulerSpec.STARVATION_OFF);
        // in the file: YAML 1.1 reads a plain off as the boolean false; both mean off
        Scenario file = ScenarioLoader.parse(YAML.replace("{queue: tiresias}", "{queue: tiresias, starvationFactor: off}"),
                "t.yaml", null);
        assertThat(file.scheduler().starvationFactor()).isEqualTo(SchedulerSpec.STARVATION_OFF);
        assertThat(parse().scheduler().starvationFactor()).isEqualTo(SchedulerSpec.DEFAULT_STARVATION_FACTOR);
        assertThatThrownBy(() -> parse("scheduler.starvationFactor=0")).isInstanceOf(InputException.class)
                .hasMessage("t.yaml:8: scheduler.starvationFactor must be in (0, 1000000], or off (no starvation promotion), got 0");
        // the policy never promotes with it off (and does with the default)
        QueuePolicy off = QueuePolicies.of(file.scheduler(), new int[0]);
        assertThat(off.promoteAfterMs(0, 1000, null, 0)).isEqualTo(-1);
    }

    @Test
    void theRunFolderFileReadsBackToTheSameScenario(@TempDir Path dir) throws Exception {
        String yaml = YAML.replace("name: t\n", "name: t\noutput: \"out/#1: a\"\n")
                .replace("{queue: tiresias}", "{queue: tiresias, latencyTenants: [\"512\", 'on', plain], latencyBoundMs: 1e3, maxStagingWait: 90m}");
        Path f = Files.writeString(dir.resolve("t.yaml"), yaml);
        List<ScenarioOverride> sets = List.of(ScenarioOverride.parse("scheduler.starvationFactor=off"),
                ScenarioOverride.parse("ground[0].gpus=16"));
        Scenario direct = ScenarioLoader.load(f, sets);
        String text = RunScenarioFile.render(f, sets, new Scenario(direct.name(), direct.epoch(), direct.horizon(),
                direct.seed(), direct.fleet(), direct.workload(), direct.scheduler(), direct.output(), "examples/t.yaml",
                direct.economics(), direct.failures(), direct.tenancy(), direct.checkpoint(), direct.inference()),
                "skygrid 9.9");
        // defaults the file leaves out are written out
        assertThat(text).contains("seed: 1\n", "    gpusPerNode: 8\n", "    pue: 1.2\n", "  backfill: easy\n",
                "  preemptExemptTime: 600s\n", "  lasThresholdsGpuHours:\n    - 1\n    - 10\n", "  starvationFactor: \"off\"\n");
        assertThat(text).startsWith("# skygrid-run-scenario 1\n# written by: skygrid 9.9\n").contains("# source: examples/t.yaml\n");
        Path back = Files.writeString(dir.resolve("scenario.yaml"), text);
        Scenario read = ScenarioLoader.load(back);
        assertThat(read.source()).isEqualTo("examples/t.yaml");
        assertThat(List.of(read.name(), read.epoch(), read.horizon(), read.seed(), read.fleet(), read.workload(),
                read.scheduler(), read.economics(), read.failures(), read.tenancy(), read.checkpoint()))
                .isEqualTo(List.of(direct.name(), direct.epoch(), direct.horizon(), direct.seed(), direct.fleet(),
                        direct.workload(), direct.scheduler(), direct.economics(), direct.failures(), direct.tenancy(),
                        direct.checkpoint()));
        assertThat(read.scheduler().placement().latencyTenants()).containsExactlyInAnyOrder("512", "on", "plain");
        assertThat(read.scheduler().starvationFactor()).isEqualTo(SchedulerSpec.STARVATION_OFF);
        assertThat(read.output()).isEqualTo(Path.of("out/#1: a"));
        assertThat(RunScenarioFile.staleInputs(back)).isEmpty();
    }
}
