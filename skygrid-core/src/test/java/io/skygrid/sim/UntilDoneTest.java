package io.skygrid.sim;

import io.skygrid.scenario.InputException;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import io.skygrid.scenario.ScenarioOverride;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code horizon: until-done}: the run ends when the last job ends, with a safety cap that names the jobs left. */
class UntilDoneTest {
    static final String HEADER = "timestamp,duration,num_gpus,gpu_time,cluster\n";

    static String scenario(String horizon) {
        return """
                name: u
                epoch: 2026-06-01T00:00:00Z
                horizon: %s
                ground:
                  - {name: g, location: {lat: 0, lon: 0}, accelerator: H100-SXM, gpus: 8, powerCapW: 1e7,
                     electricityUsdPerKWh: 0.06}
                workload:
                  trace: {file: t.csv, format: philly}
                scheduler: {queue: fifo, backfill: none}
                """.formatted(horizon);
    }

    static ScenarioRun.Outcome run(Path dir, String yaml) {
        Scenario s = ScenarioLoader.parse(yaml, "u.yaml", dir);
        return ScenarioRun.run(s, new ScenarioRun.Options(1, false, true, ProgressListener.NONE));
    }

    /** Three jobs on 8 GPUs: 0-100 s, queued 10-100 s then 100-150 s, and 3600-3800 s. */
    static void tinyTrace(Path dir) throws Exception {
        Files.writeString(dir.resolve("t.csv"), HEADER
                + "2017-10-01 00:00:00,100,8,800,a\n"
                + "2017-10-01 00:00:10,50,8,400,b\n"
                + "2017-10-01 01:00:00,200,4,800,a\n");
    }

    @Test
    void endsAtTheLastCompletion(@TempDir Path dir) throws Exception {
        tinyTrace(dir);
        ScenarioRun.Outcome o = run(dir, scenario("until-done"));
        SimulationResult r = o.result();
        assertThat(o.scenario().untilDone()).isTrue();
        assertThat(r.horizonMs()).isEqualTo(3_800_000L);
        for (int j = 0; j < 3; j++) {
            assertThat(r.fate(j)).isEqualTo(JobFate.COMPLETED);
        }
        assertThat(r.endMs(1)).isEqualTo(150_000L);
        // capacity and utilisation over the span: 8 x 100 + 8 x 50 + 4 x 200 GPU-s of 8 x 3800 GPU-s
        assertThat(r.pools().get(0).gpuHoursDelivered()).isCloseTo(2000 / 3600.0, org.assertj.core.data.Offset.offset(1e-9));
        // the time series covers the span: one-minute steps (3800 s / 288 < 60 s), 0 .. 3780 s
        assertThat(r.samples()).hasSize(64);
    }

    @Test
    void setOverrideGivesTheSameRun(@TempDir Path dir) throws Exception {
        tinyTrace(dir);
        Scenario s = ScenarioLoader.parse(scenario("1h"), "u.yaml", dir,
                List.of(ScenarioOverride.parse("horizon=until-done")));
        assertThat(s.untilDone()).isTrue();
        SimulationResult r = ScenarioRun.run(s, new ScenarioRun.Options(1, false, false, ProgressListener.NONE)).result();
        assertThat(r.horizonMs()).isEqualTo(3_800_000L);
    }

    @Test
    void aRunNotDoneAtTheSafetyCapNamesTheJobsLeft(@TempDir Path dir) throws Exception {
        // 10 years of work submitted 3 days in: it would end at day 3653, after the cap of 3652.5 days
        Files.writeString(dir.resolve("t.csv"), HEADER
                + "2017-10-01 00:00:00,100,8,800,a\n"
                + "2017-10-04 00:00:00,315360000,8,2522880000,b\n");
        assertThatThrownBy(() -> run(dir, scenario("until-done")))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("u.yaml: horizon until-done: jobs are still not done after the safety cap of 3652")
                .hasMessageContaining("1 job(s) left: job 1 (b, 8 GPUs, t.csv:3): running at the horizon");
    }

    @Test
    void generatedWorkloadsAreRefused(@TempDir Path dir) {
        String yaml = scenario("until-done").replace("trace: {file: t.csv, format: philly}", "generator: {offeredLoad: 0.5}");
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "u.yaml", dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("horizon").hasMessageContaining("until-done needs a trace workload");
    }
}
