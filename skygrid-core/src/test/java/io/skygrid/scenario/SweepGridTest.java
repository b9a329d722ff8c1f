package io.skygrid.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepGridTest {
    static final List<String> METRICS = List.of("utilisation", "jct_p50_h");
    static final String BASE = "name: t\nepoch: 2026-06-01T00:00:00Z\nhorizon: 1h\nground:\n"
            + "  - {name: g, location: {lat: 0, lon: 0}, accelerator: H100-SXM, gpus: 8, powerCapW: 1e6,\n"
            + "     electricityUsdPerKWh: 0.1}\nworkload: {generator: {offeredLoad: 1}}\n";

    @TempDir
    Path dir;

    private SweepGrid grid(String text) throws IOException {
        Files.writeString(dir.resolve("base.yaml"), BASE);
        Path g = dir.resolve("grid.yaml");
        Files.writeString(g, text);
        return SweepGrid.load(g, METRICS, "utilisation");
    }

    private String msg(String text) {
        try {
            grid(text);
        } catch (InputException e) {
            return e.getMessage().replace(dir.resolve("grid.yaml").toString(), "grid.yaml");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no error for\n" + text);
    }

    @Test
    void listsAndMappingsCanBeSweptAndSet() throws IOException {
        // (an axis path must exist in the base: scheduler is absent there, so it is swept whole)
        SweepGrid g = grid("name: s\nbase: base.yaml\nset:\n  ground[0].location: {lat: 5, lon: 6}\naxes:\n  scheduler:\n"
                + "    - {queue: tiresias, lasThresholdsGpuHours: [1, 10]}\n"
                + "    - {queue: tiresias, lasThresholdsGpuHours: [16], starvationFactor: off}\n"
                + "    - {queue: tiresias, lasThresholdsGpuHours: [\"0.5\"]}\n");
        List<SweepGrid.Run> runs = g.runs();
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0).axisValues()).containsExactly("{queue: tiresias, lasThresholdsGpuHours: [1, 10]}");
        Scenario s = SweepGrid.scenario(g.baseYaml(), g.baseDisplay(), g.baseDir(), runs.get(1).overrides());
        assertThat(s.scheduler().lasThresholdsGpuHours()).containsExactly(16.0);
        assertThat(s.scheduler().starvationFactor()).isEqualTo(io.skygrid.sched.SchedulerSpec.STARVATION_OFF);
        assertThat(s.fleet().ground().get(0).latitudeDeg()).isEqualTo(5);
        // a quoted number stays a string inside a swept list, and is refused as in a file
        assertThatThrownBy(() -> SweepGrid.scenario(g.baseYaml(), g.baseDisplay(), g.baseDir(), runs.get(2).overrides()))
                .isInstanceOf(InputException.class).hasMessageContaining("scheduler.lasThresholdsGpuHours[0] must be a number");
        // a single value where the base holds a list is refused before any run
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  workload.generator: [1]\n"))
                .startsWith("grid.yaml:4: axes.workload.generator is a mapping in the base scenario")
                .contains("give its values as mappings");
    }

    @Test
    void expandsTheCartesianProductFirstAxisSlowest() throws IOException {
        SweepGrid g = grid("name: s\nbase: base.yaml\nset: {horizon: 2h}\naxes:\n"
                + "  ground[0].gpus: [8, 16, 24]\n  seed: [1, 2]\n  ground[0].pue: [1.1, 1.3]\n");
        List<SweepGrid.Run> runs = g.runs();
        assertThat(runs).hasSize(12);
        assertThat(runs.get(0).id()).isEqualTo("run-0001");
        assertThat(runs.get(0).axisValues()).containsExactly("8", "1", "1.1");
        assertThat(runs.get(1).axisValues()).containsExactly("8", "1", "1.3");
        assertThat(runs.get(2).axisValues()).containsExactly("8", "2", "1.1");
        assertThat(runs.get(11).axisValues()).containsExactly("24", "2", "1.3");
        assertThat(runs.get(11).id()).isEqualTo("run-0012");
        assertThat(runs.get(0).overrides().get(0).toString()).isEqualTo("horizon=2h");
        assertThat(runs).extracting(SweepGrid.Run::fingerprint).doesNotHaveDuplicates();
        assertThat(g.chartAxis()).isEqualTo("ground[0].gpus");
        assertThat(g.output()).isEqualTo(Path.of("out/sweep-s"));
        Scenario s = SweepGrid.scenario(g.baseYaml(), g.baseDisplay(), g.baseDir(), runs.get(11).overrides());
        assertThat(s.fleet().ground().get(0).gpus()).isEqualTo(24);
        assertThat(s.seed()).isEqualTo(2);
        assertThat(s.horizonMs()).isEqualTo(7_200_000L);
        // same grid, same fingerprints; another base text, other fingerprints
        assertThat(grid("name: s\nbase: base.yaml\nset: {horizon: 2h}\naxes:\n"
                + "  ground[0].gpus: [8, 16, 24]\n  seed: [1, 2]\n  ground[0].pue: [1.1, 1.3]\n").runs().get(5).fingerprint())
                .isEqualTo(runs.get(5).fingerprint());
    }

    @Test
    void badGridsNameFileLineAndField() {
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  ground[0].gpuz: [8]\n"))
                .startsWith("grid.yaml:4: axes.ground[0].gpuz is not a field of the scenario: ")
                .contains("is not a known field");
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  orbit[0].walker.altitudeKm: [500]\n"))
                .startsWith("grid.yaml:4: axes.orbit[0].walker.altitudeKm is not a field of the base scenario: ")
                .contains("orbit is not in the scenario");
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  ground[0].gpus: []\n"))
                .isEqualTo("grid.yaml:4: axes.ground[0].gpus is an empty axis; list at least one value");
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  ground[0].gpus:\n    - 8\n    - many\n"))
                .startsWith("grid.yaml:6: axes.ground[0].gpus[1] must be a number like ground[0].gpus in ")
                .endsWith("got 'many'");
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  ground[0].gpus: [8, {a: 1}]\n"))
                .startsWith("grid.yaml:4: axes.ground[0].gpus[1] must be a number like ground[0].gpus in ")
                .endsWith("got '{a: 1}'");
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  ground[0].gpus: 8\n"))
                .startsWith("grid.yaml:4: axes.ground[0].gpus must be a list of values");
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  workload: [1]\n"))
                .startsWith("grid.yaml:4: axes.workload is a mapping in the base scenario");
        assertThat(msg("name: s\nbase: base.yaml\nset: {seed: 3}\naxes:\n  seed: [1, 2]\n"))
                .isEqualTo("grid.yaml:5: axes.seed is also under set; a field is either fixed or swept");
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  seed: [1]\nchart: {metric: speed}\n"))
                .startsWith("grid.yaml:5: chart.metric must be one of utilisation, jct_p50_h, got 'speed'");
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  seed: [1]\nchart: {axis: horizon}\n"))
                .startsWith("grid.yaml:5: chart.axis must be one of the axes (seed), got 'horizon'");
        assertThat(msg("name: s\nbase: nope.yaml\naxes:\n  seed: [1]\n"))
                .startsWith("grid.yaml:2: base scenario file not found: ");
        assertThat(msg("name: s\nbase: base.yaml\naxes: {}\n"))
                .isEqualTo("grid.yaml:3: axes must name at least one field to sweep");
        assertThat(msg("name: s\nbase: base.yaml\naxis:\n  seed: [1]\n"))
                .startsWith("grid.yaml:3: axis is not a known field");
        assertThat(msg("name: s\nbase: base.yaml\naxes:\n  seed: [1, 1]\n"))
                .isEqualTo("grid.yaml:4: axes.seed[1] repeats the value '1'");
    }

    @Test
    void aValueOfTheRightTypeThatTheScenarioRejectsIsNotAGridError() throws IOException {
        SweepGrid g = grid("name: s\nbase: base.yaml\naxes:\n  ground[0].gpus: [8, -8]\n");
        assertThat(g.runs()).hasSize(2);
        assertThatThrownBy(() -> SweepGrid.scenario(g.baseYaml(), g.baseDisplay(), g.baseDir(), g.runs().get(1).overrides()))
                .isInstanceOf(InputException.class).hasMessageEndingWith("ground[0].gpus must be > 0, got -8");
    }
}
