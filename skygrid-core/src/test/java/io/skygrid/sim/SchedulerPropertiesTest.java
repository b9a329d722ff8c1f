package io.skygrid.sim;

import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sched.Tenancy;
import io.skygrid.sched.TenantSpec;
import io.skygrid.workload.Job;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.skygrid.sim.SchedulingPolicyTest.H;
import static io.skygrid.sim.SchedulingPolicyTest.job;
import static io.skygrid.sim.SchedulingPolicyTest.site;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correctness cases reported by users of other schedulers (issue 4, item 9), under every policy, with and
 * without preemption. Every run verifies after every instant: free + allocated = capacity per node, a job
 * holds GPUs only while running, GPUs held per tenant add up to the pool's, and submitted = completed +
 * failed + running + queued + rejected.
 */
class SchedulerPropertiesTest {

    static List<SchedulerSpec> everyPolicy() {
        List<SchedulerSpec> out = new ArrayList<>();
        for (String q : SchedulerSpec.QUEUES) {
            for (String b : SchedulerSpec.BACKFILLS) {
                for (boolean p : new boolean[] {false, true}) {
                    out.add(new SchedulerSpec(q, b, p, SchedulerSpec.DEFAULT_LAS_THRESHOLDS_GPU_HOURS,
                            SchedulerSpec.DEFAULT_STARVATION_FACTOR));
                }
            }
        }
        return out;
    }

    static SimulationResult run(List<io.skygrid.fleet.GroundSite> sites, List<Job> jobs, SchedulerSpec spec,
                                Tenancy tenancy, CheckpointSpec ck, long horizon) {
        return new Simulation(sites, List.of(), List.of(), jobs,
                new Simulation.Config(horizon, H, spec, true, 1.0, tenancy, ck)).run(ProgressListener.NONE);
    }

    @ParameterizedTest
    @MethodSource("everyPolicy")
    void twoGangsThatTogetherExceedTheClusterNeverDeadlock(SchedulerSpec spec) {
        List<Job> jobs = List.of(job(0, "a", 12, 0, H), job(1, "b", 12, 0, H));
        SimulationResult r = run(List.of(site("g", 16)), jobs, spec, Tenancy.implicit(), CheckpointSpec.DEFAULT, 10 * H);
        assertThat(r.count(JobFate.COMPLETED)).isEqualTo(2);
        assertThat(Math.min(r.startMs(0), r.startMs(1))).isZero();
        // one gang at a time (a preemptive policy may switch them, losing work): together at least 2 h
        assertThat(Math.max(r.endMs(0), r.endMs(1))).isGreaterThanOrEqualTo(2 * H);
        if (!spec.preemption()) {
            assertThat(Math.max(r.startMs(0), r.startMs(1))).isEqualTo(H);
        }
    }

    @ParameterizedTest
    @MethodSource("everyPolicy")
    void aJobLargerThanAnySiteIsRejectedWithoutBlockingSmallerJobs(SchedulerSpec spec) {
        List<Job> jobs = List.of(job(0, "a", 8, 0, H), job(1, "a", 24, 1, H), job(2, "b", 8, 2, H));
        SimulationResult r = run(List.of(site("g", 16), site("h", 16)), jobs, spec, Tenancy.implicit(),
                CheckpointSpec.DEFAULT, 10 * H);
        assertThat(r.fate(1)).isEqualTo(JobFate.REJECTED);
        assertThat(r.reason(1)).contains("needs 24 GPUs in one site or cluster; the largest can run 16");
        assertThat(r.startMs(2)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("everyPolicy")
    void unsortedAndDuplicateRowsEachRunOnce(SchedulerSpec spec) {
        // trace readers sort by (submit, row) and keep identical rows as separate jobs (PhillyTraceReaderTest);
        // the simulation takes jobs in any order
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            jobs.add(job(i, i % 2 == 0 ? "a" : "b", 4 << (i % 3), i * 600_000L, (1 + i % 4) * H / 2));
        }
        jobs.add(job(12, "a", 4, 0, H / 2));   // duplicate of row 0 but for the id
        List<Job> shuffled = new ArrayList<>(jobs);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.remove(jobs.get(12));
        shuffled.add(shuffled.indexOf(jobs.get(0)) + 1, jobs.get(12)); // keep the duplicate after its twin
        SimulationResult sorted = run(List.of(site("g", 16)), jobs, spec, Tenancy.implicit(), CheckpointSpec.DEFAULT, 100 * H);
        SimulationResult mixed = run(List.of(site("g", 16)), shuffled, spec, Tenancy.implicit(), CheckpointSpec.DEFAULT, 100 * H);
        assertThat(sorted.count(JobFate.COMPLETED)).isEqualTo(13);
        for (int id = 0; id < 13; id++) {
            int a = sorted.indexOfId(id);
            int b = mixed.indexOfId(id);
            assertThat(mixed.startMs(b)).as("job " + id).isEqualTo(sorted.startMs(a));
            assertThat(mixed.endMs(b)).as("job " + id).isEqualTo(sorted.endMs(a));
        }
    }

    /**
     * The same random setups with failures on (one accelerator failure per 300 device-hours, 2 h repairs, so
     * every run sees dozens): the invariants hold after every instant (checked in the run), every job is
     * accounted for, no job fails for good (a hit job restarts from its checkpoint and queues again), and the
     * same seed gives the same run.
     */
    @Property(tries = 150)
    void withFailuresEveryJobIsAccountedForAndRestartsAreCounted(@ForAll("setups") Setup s,
                                                                 @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 1000) long seed) {
        long horizon = 2_000 * H;
        FailureSpec spec = new FailureSpec(true, 300, 2 * H, 0, 0, 0, 0);
        SimulationResult r = runWithFailures(s, spec, seed, horizon);
        int n = s.jobs().size();
        assertThat(r.count(JobFate.COMPLETED) + r.count(JobFate.RUNNING) + r.count(JobFate.QUEUED)
                + r.count(JobFate.REJECTED)).isEqualTo(n);
        assertThat(r.failures().enabled()).isTrue();
        assertThat(r.failures().byKind()[FailureModel.GPU]).isPositive();
        long restarts = 0;
        for (int j = 0; j < n; j++) {
            restarts += r.failures().restartsPerJob()[j];
            assertThat(r.failures().lostGpuHoursPerJob()[j]).isGreaterThanOrEqualTo(0);
            if (r.failures().restartsPerJob()[j] == 0) {
                assertThat(r.failures().lostGpuHoursPerJob()[j]).isZero();
            }
            if (r.fate(j) == JobFate.COMPLETED) {
                assertThat(r.endMs(j) - r.startMs(j)).isGreaterThanOrEqualTo(r.jobs().get(j).durationMs());
            }
        }
        assertThat(restarts).isEqualTo(r.failures().restarts());
        assertThat(r.failures().hitJobsByKind()[FailureModel.GPU]).isEqualTo(restarts);
        SimulationResult again = runWithFailures(s, spec, seed, horizon);
        for (int j = 0; j < n; j++) {
            assertThat(again.endMs(j)).isEqualTo(r.endMs(j));
        }
        assertThat(again.failures().byKind()).isEqualTo(r.failures().byKind());
    }

    private static SimulationResult runWithFailures(Setup s, FailureSpec spec, long seed, long horizon) {
        return new Simulation(List.of(site("g", 32), site("h", 16)), List.of(), List.of(), s.jobs(),
                new Simulation.Config(horizon, H, s.spec(), true, 1.0, s.tenancy(), s.checkpoint()))
                .withFailures(new FailureModel(spec, seed)).run(ProgressListener.NONE);
    }

    // ------------------------------------------------------------------ random workloads

    record Setup(List<Job> jobs, SchedulerSpec spec, Tenancy tenancy, CheckpointSpec checkpoint) {
    }

    @Provide
    Arbitrary<Setup> setups() {
        Arbitrary<Job> jobA = Combinators.combine(Arbitraries.of("t0", "t1", "t2"),
                        Arbitraries.of(1, 2, 4, 8, 12, 16, 24, 32, 40),
                        Arbitraries.longs().between(0, 20 * H), Arbitraries.longs().between(1, 6 * H))
                .as((t, g, s, d) -> new Job(0, t, g, s, d, "gen"));
        Arbitrary<List<Job>> jobsA = jobA.list().ofMinSize(1).ofMaxSize(40).map(list -> {
            List<Job> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Job j = list.get(i);
                out.add(new Job(i, j.tenant(), j.gpus(), j.submitMs(), j.durationMs(), "gen#" + i));
            }
            return out;
        });
        Arbitrary<SchedulerSpec> specA = Arbitraries.of(everyPolicy());
        Arbitrary<Tenancy> tenancyA = Combinators.combine(Arbitraries.longs().between(0, 24),
                        Arbitraries.longs().between(0, 16), Arbitraries.of(4L, 16L, 40L, Long.MAX_VALUE),
                        Arbitraries.integers().between(0, 2), Arbitraries.of(true, false))
                .as((r0, r1, borrow, prio, configured) -> configured ? new Tenancy(List.of(
                        new TenantSpec("t0", Map.of("g", r0), Long.MAX_VALUE, 1, prio),
                        new TenantSpec("t1", Map.of("g", Math.min(r1, 32 - r0), "h", 8L), borrow, 2, 0),
                        new TenantSpec("t2", Map.of(), borrow, 0.5, 1)), Map.of(), null) : Tenancy.implicit());
        Arbitrary<CheckpointSpec> ckA = Combinators.combine(Arbitraries.longs().between(1, 3 * H),
                        Arbitraries.doubles().between(0, 2000))
                .as((interval, size) -> new CheckpointSpec(1.0, List.of(new CheckpointSpec.JobClass(1, interval, size))));
        return Combinators.combine(jobsA, specA, tenancyA, ckA).as(Setup::new);
    }

    @Property(tries = 300)
    void everyJobIsAccountedForAndNoReadyJobIsLeftBehind(@ForAll("setups") Setup s) {
        long horizon = 2_000 * H;
        SimulationResult r = run(List.of(site("g", 32), site("h", 16)), s.jobs(), s.spec(), s.tenancy(),
                s.checkpoint(), horizon);
        int n = s.jobs().size();
        assertThat(r.count(JobFate.COMPLETED) + r.count(JobFate.RUNNING) + r.count(JobFate.QUEUED)
                + r.count(JobFate.REJECTED)).isEqualTo(n);
        for (int j = 0; j < n; j++) {
            Job job = r.jobs().get(j);
            if (job.gpus() > 32) {
                assertThat(r.fate(j)).isEqualTo(JobFate.REJECTED);
            } else if (r.fate(j) != JobFate.COMPLETED) {
                // the only reason a job may not have run long after all work could have: its tenant's quota can
                // never admit it (its largest reservation plus its borrowing limit is below its gang), and then
                // it is rejected at arrival with that reason instead of waiting for good
                assertThat(r.fate(j)).as(r.explain(j)).isEqualTo(JobFate.REJECTED);
                assertThat(r.reason(j)).as(r.explain(j)).contains("quota can never admit");
            }
            if (r.fate(j) == JobFate.COMPLETED) {
                assertThat(r.endMs(j) - r.startMs(j)).isGreaterThanOrEqualTo(job.durationMs());
            }
        }
        double delivered = 0;
        for (double h : r.scheduling().tenantGpuHours()) {
            delivered += h;
        }
        double pools = r.pools().get(0).gpuHoursDelivered() + r.pools().get(1).gpuHoursDelivered();
        assertThat(delivered).isCloseTo(pools, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, pools)));
    }
}
