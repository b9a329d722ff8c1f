package io.skygrid.sim;

import io.skygrid.scenario.InputException;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FailureModelTest {
    private static final long DAY_MS = 86_400_000L;
    private static final long YEAR_MS = Math.round(FailureModel.HOURS_PER_YEAR * 3_600_000L);

    @Test
    void llama3ClusterOver54DaysSeesAbout419Interruptions() {
        FailureModel model = new FailureModel(FailureSpec.DEFAULTS, 42);
        // 16,384 GPUs = 2,048 nodes of 8; Poisson(419) has sigma 20.5: allow 4 sigma per seed
        long total = 0;
        for (int seed = 0; seed < 20; seed++) {
            FailureEvents e = new FailureModel(FailureSpec.DEFAULTS, seed).events(0, 2048, 8, false, 0, 54 * DAY_MS);
            assertThat(e.size()).as("seed %d", seed).isBetween(419 - 82, 419 + 82);
            assertThat(e.count(FailureModel.GPU)).isEqualTo(e.size()); // on the ground: accelerator failures only
            total += e.size();
        }
        // the mean of 20 runs has sigma 4.6: within 4 sigma of 419
        assertThat(total / 20.0).isCloseTo(419, within(18.4));
        assertThat(model.spec().gpuMtbfHours()).isCloseTo(50_677.0, within(0.1));
    }

    @Test
    void aColossusSizedSiteExpectsAbout47InterruptionsPerDay() {
        double perDay = FailureSpec.DEFAULTS.expectedGroundFailuresPerDay(100_000);
        assertThat(perDay).isCloseTo(419.0 / 54 * 100_000 / 16_384, within(1e-9)).isCloseTo(47.4, within(0.05));
        FailureEvents e = new FailureModel(FailureSpec.DEFAULTS, 7).events(0, 12_500, 8, false, 0, 30 * DAY_MS);
        // Poisson(1,422): sigma 37.7, 4 sigma
        assertThat(e.size()).isBetween(1422 - 151, 1422 + 151);
    }

    @Test
    void radiationFaultsFollowDoseTimesFaultsPerRad() {
        // accelerator failures off: only radiation and satellite losses
        FailureSpec spec = new FailureSpec(true, Double.POSITIVE_INFINITY, 0, 150, 0.02, 600_000, 0.025);
        FailureEvents e = new FailureModel(spec, 1).events(3, 1_000, 1, true, 0, YEAR_MS);
        // 1,000 chips x 150 rad x 0.02 per rad = 3,000 (sigma 55); losses 1,000 x 0.025 = 25 (sigma 5)
        assertThat(e.count(FailureModel.RADIATION)).isBetween(3000 - 220, 3000 + 220);
        assertThat(e.count(FailureModel.SATELLITE_LOSS)).isBetween(25 - 20, 25 + 20);
        assertThat(e.count(FailureModel.GPU)).isZero();
        for (int i = 0; i < e.size(); i++) {
            if (e.kind()[i] == FailureModel.SATELLITE_LOSS) {
                assertThat(e.device()[i]).isEqualTo(FailureEvents.WHOLE_NODE);
                assertThat(e.repairAtMs()[i]).isEqualTo(Long.MAX_VALUE);
            } else {
                assertThat(e.repairAtMs()[i]).isEqualTo(e.timeMs()[i] + 600_000);
            }
        }
        // the ground never sees radiation faults or satellite losses
        assertThat(new FailureModel(spec, 1).events(3, 1_000, 1, false, 0, YEAR_MS).size()).isZero();
    }

    @Test
    void sameSeedSameEventsAndWindowsDoNotChangeThem() {
        FailureModel a = new FailureModel(FailureSpec.DEFAULTS, 99);
        FailureModel b = new FailureModel(FailureSpec.DEFAULTS, 99);
        FailureEvents whole = a.events(1, 500, 8, true, 0, 10 * DAY_MS);
        FailureEvents again = b.events(1, 500, 8, true, 0, 10 * DAY_MS);
        assertThat(again.timeMs()).isEqualTo(whole.timeMs());
        assertThat(again.node()).isEqualTo(whole.node());
        assertThat(again.device()).isEqualTo(whole.device());
        assertThat(again.kind()).isEqualTo(whole.kind());
        // cut at an odd instant inside an hour block
        long cut = 3 * DAY_MS + 1_234_567;
        FailureEvents first = a.events(1, 500, 8, true, 0, cut);
        FailureEvents second = a.events(1, 500, 8, true, cut, 10 * DAY_MS);
        long[] joined = concat(first.timeMs(), second.timeMs());
        assertThat(joined).isEqualTo(whole.timeMs());
        assertThat(concat(first.node(), second.node())).isEqualTo(whole.node());
        assertThat(Arrays.stream(first.timeMs()).allMatch(t -> t < cut)).isTrue();
        assertThat(Arrays.stream(second.timeMs()).allMatch(t -> t >= cut)).isTrue();
        // another seed or another pool draws other events
        assertThat(new FailureModel(FailureSpec.DEFAULTS, 100).events(1, 500, 8, true, 0, 10 * DAY_MS).timeMs())
                .isNotEqualTo(whole.timeMs());
        assertThat(a.events(2, 500, 8, true, 0, 10 * DAY_MS).timeMs()).isNotEqualTo(whole.timeMs());
    }

    @Test
    void eventsAreSortedAndInRange() {
        FailureEvents e = new FailureModel(FailureSpec.DEFAULTS, 5).events(0, 300, 4, true, DAY_MS, 40 * DAY_MS);
        assertThat(e.size()).isPositive();
        for (int i = 0; i < e.size(); i++) {
            assertThat(e.timeMs()[i]).isBetween(DAY_MS, 40 * DAY_MS - 1);
            assertThat(e.node()[i]).isBetween(0, 299);
            assertThat(e.device()[i]).isBetween(FailureEvents.WHOLE_NODE, 3);
            if (i > 0) {
                assertThat(e.timeMs()[i]).isGreaterThanOrEqualTo(e.timeMs()[i - 1]);
            }
        }
    }

    @Test
    void disabledDrawsNothingAndBadWindowsAreRejected() {
        assertThat(new FailureModel(FailureSpec.NONE, 1).events(0, 12_500, 8, true, 0, 365 * DAY_MS).size()).isZero();
        FailureModel m = new FailureModel(FailureSpec.DEFAULTS, 1);
        assertThatThrownBy(() -> m.events(0, 1, 8, false, 10, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.events(0, 0, 8, false, 0, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scenarioSectionParsesWithDefaultsAndNamesBadFields() {
        String base = """
                name: t
                epoch: 2026-06-01T00:00:00Z
                horizon: 3d
                ground:
                  - {name: g, location: {lat: 35, lon: -90}, accelerator: H100-SXM, gpus: 16, powerCapW: 1e6, electricityUsdPerKWh: 0.06}
                workload:
                  generator: {offeredLoad: 0.9}
                """;
        assertThat(ScenarioLoader.parse(base, "s.yaml", null).failures()).isEqualTo(FailureSpec.NONE);
        Scenario defaults = ScenarioLoader.parse(base + "failures: {}\n", "s.yaml", null);
        assertThat(defaults.failures()).isEqualTo(FailureSpec.DEFAULTS);
        Scenario custom = ScenarioLoader.parse(base + """
                failures:
                  gpuMtbfHours: 86332
                  gpuRepair: 4h
                  radiationRepair: 90s
                  doseRadPerYear: 300
                  satelliteLossPerYear: 0.01
                """, "s.yaml", null);
        assertThat(custom.failures().gpuMtbfHours()).isEqualTo(86_332);
        assertThat(custom.failures().gpuRepairMs()).isEqualTo(4 * 3_600_000L);
        assertThat(custom.failures().radiationRepairMs()).isEqualTo(90_000L);
        assertThat(custom.failures().doseRadPerYear()).isEqualTo(300);
        assertThat(custom.failures().faultsPerRad()).isEqualTo(FailureSpec.SUNCATCHER_FAULTS_PER_RAD);
        assertThat(custom.withOutput(java.nio.file.Path.of("x")).failures()).isEqualTo(custom.failures());
        assertThatThrownBy(() -> ScenarioLoader.parse(base + "failures:\n  gpuMtbfHours: 0\n", "s.yaml", null))
                .isInstanceOf(InputException.class).hasMessage("s.yaml:9: failures.gpuMtbfHours must be > 0 (hours), got 0");
        assertThatThrownBy(() -> ScenarioLoader.parse(base + "failures:\n  mtbf: 5\n", "s.yaml", null))
                .isInstanceOf(InputException.class).hasMessageStartingWith("s.yaml:9: failures.mtbf");
        assertThatThrownBy(() -> ScenarioLoader.parse(base + "failures:\n  gpuRepair: -2h\n", "s.yaml", null))
                .isInstanceOf(InputException.class).hasMessageStartingWith("s.yaml:9: failures.gpuRepair");
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
