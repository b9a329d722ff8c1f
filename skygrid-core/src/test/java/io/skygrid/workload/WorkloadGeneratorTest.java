package io.skygrid.workload;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WorkloadGeneratorTest {
    private static final long DAY_MS = 86_400_000L;
    private static final WorkloadSpec.Generated SPEC = new WorkloadSpec.Generated(0.9, List.of("lab-a", "lab-b", "lab-c"));
    /** 100,000 GPUs at load 0.9 for 3 days: about 570,000 jobs. */
    private static Workload big;

    @BeforeAll
    static void generateBig() {
        big = WorkloadGenerator.generate(SPEC, 100_000, 128, 3 * DAY_MS, 42);
    }

    @Test
    void sameSeedSameJobsOtherSeedOtherJobs() {
        Workload a = WorkloadGenerator.generate(SPEC, 2_000, 64, DAY_MS, 7);
        Workload b = WorkloadGenerator.generate(SPEC, 2_000, 64, DAY_MS, 7);
        Workload c = WorkloadGenerator.generate(SPEC, 2_000, 64, DAY_MS, 8);
        assertThat(a.jobs()).isNotEmpty().isEqualTo(b.jobs());
        assertThat(a.jobs()).isNotEqualTo(c.jobs());
        assertThat(a.skipped()).isEmpty();
    }

    @Test
    void offeredLoadIsNearTheTarget() {
        double gpuMs = big.jobs().stream().mapToDouble(j -> (double) j.gpus() * j.durationMs()).sum();
        double load = gpuMs / (100_000.0 * 3 * DAY_MS);
        assertThat(big.jobs().size()).isBetween(500_000, 650_000);
        // per-job GPU time has a coefficient of variation near 10, so with ~570k jobs one sigma is ~1.3 %
        assertThat(load).isCloseTo(0.9, within(0.9 * 0.05));
    }

    @Test
    void sizeSharesFollowTheTable() {
        Map<Integer, Long> bySize = big.jobs().stream().collect(Collectors.groupingBy(Job::gpus, Collectors.counting()));
        double n = big.jobs().size();
        double total = 0;
        for (int c : WorkloadGenerator.SIZE_COUNTS) {
            total += c;
        }
        for (int i = 0; i < 4; i++) {
            double expected = WorkloadGenerator.SIZE_COUNTS[i] / total;
            double got = bySize.getOrDefault(WorkloadGenerator.SIZES[i], 0L) / n;
            assertThat(got).as("share of %d-GPU jobs", WorkloadGenerator.SIZES[i]).isCloseTo(expected, within(0.003));
        }
        assertThat(bySize).containsOnlyKeys(1, 2, 4, 8, 16, 32, 64, 128);
    }

    @Test
    void jobsAreSortedWithinTheHorizonAndNamed() {
        List<Job> jobs = big.jobs();
        assertThat(jobs).isSortedAccordingTo(Comparator.comparingLong(Job::submitMs).thenComparingInt(Job::id));
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            assertThat(j.id()).isEqualTo(i);
            assertThat(j.origin()).isEqualTo("generator#" + i);
            assertThat(j.submitMs()).isBetween(0L, 3 * DAY_MS - 1);
        }
        assertThat(jobs.stream().map(Job::tenant).distinct()).containsExactlyInAnyOrder("lab-a", "lab-b", "lab-c");
    }

    @Test
    void durationTableMatchesThePhillyFile() {
        // medians (p = 0.5) of the file per class and the interpolation endpoints
        assertThat(WorkloadGenerator.duration(0, 0.5)).isEqualTo(1117);
        assertThat(WorkloadGenerator.duration(0, 0)).isEqualTo(1);
        assertThat(WorkloadGenerator.duration(0, Math.nextDown(1.0))).isCloseTo(3_256_045, within(1.0));
        double mid = WorkloadGenerator.duration(0, 0.525);
        assertThat(mid).isCloseTo(Math.sqrt(1117.0 * 1446.0), within(1e-6));
        // table means within 3.2 % of the file's means (8,301 / 30,942 / 78,762 / 129,775 / 95,326 s)
        double[] fileMeans = {8301.04, 30942.04, 78762.04, 129774.87, 95325.80};
        for (int c = 0; c < fileMeans.length; c++) {
            assertThat(WorkloadGenerator.meanDurationS(c)).isCloseTo(fileMeans[c], within(fileMeans[c] * 0.032));
        }
    }

    @Property(tries = 50)
    void sizesNeverExceedTheGangLimit(@ForAll @IntRange(min = 1, max = 200) int maxGang,
                                      @ForAll @DoubleRange(min = 0.1, max = 2.0) double load) {
        Workload w = WorkloadGenerator.generate(new WorkloadSpec.Generated(load, List.of("t")), 512, maxGang,
                DAY_MS / 4, maxGang);
        assertThat(w.jobs()).allMatch(j -> j.gpus() <= maxGang && j.durationMs() >= 1);
    }

    @Test
    void truncatedSizeMixStillOffersTheLoad() {
        Workload w = WorkloadGenerator.generate(SPEC, 20_000, 8, 5 * DAY_MS, 3);
        assertThat(w.jobs()).allMatch(j -> j.gpus() <= 8);
        double gpuMs = w.jobs().stream().mapToDouble(j -> (double) j.gpus() * j.durationMs()).sum();
        assertThat(gpuMs / (20_000.0 * 5 * DAY_MS)).isCloseTo(0.9, within(0.9 * 0.1));
    }

    @Test
    void zeroLoadOrHorizonGivesNoJobsAndBadArgumentsAreRejected() {
        assertThat(WorkloadGenerator.generate(new WorkloadSpec.Generated(0, List.of("t")), 8, 8, DAY_MS, 1).jobs()).isEmpty();
        assertThat(WorkloadGenerator.generate(SPEC, 8, 8, 0, 1).jobs()).isEmpty();
        assertThatThrownBy(() -> WorkloadGenerator.generate(new WorkloadSpec.Generated(-1, List.of("t")), 8, 8, DAY_MS, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offeredLoad");
        assertThatThrownBy(() -> WorkloadGenerator.generate(new WorkloadSpec.Generated(0.5, List.of()), 8, 8, DAY_MS, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tenants must not be empty");
        assertThatThrownBy(() -> WorkloadGenerator.generate(SPEC, 0, 8, DAY_MS, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("totalGpus must be >= 1, got 0");
        assertThatThrownBy(() -> WorkloadGenerator.generate(SPEC, 8, 0, DAY_MS, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxGangGpus must be >= 1, got 0");
    }

    @Test
    void tooManyExpectedJobsIsRefusedBeforeAllocating() {
        // load 2 on 100,000 GPUs over 366 days: about 160 million jobs (ran out of memory before the bound)
        assertThatThrownBy(() -> WorkloadGenerator.generate(new WorkloadSpec.Generated(2, List.of("t")), 100_000, 128,
                366 * DAY_MS, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("offeredLoad 2.0 over a horizon of 366.0 days on 100,000 GPUs means about ")
                .hasMessageContaining("more than the 20,000,000 the generator allows");
    }
}
