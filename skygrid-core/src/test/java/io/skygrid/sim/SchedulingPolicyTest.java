package io.skygrid.sim;

import io.skygrid.fleet.AcceleratorCatalog;
import io.skygrid.fleet.GroundSite;
import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sched.Tenancy;
import io.skygrid.sched.TenantSpec;
import io.skygrid.sched.WaitReason;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tenants, quotas, queue policies, preemption and checkpoints; every run checks the invariants at every instant. */
class SchedulingPolicyTest {
    static final long H = 3_600_000L;
    static final long MIN = 60_000L;

    static GroundSite site(String name, int gpus) {
        return new GroundSite(name, 35, -90, AcceleratorCatalog.get("H100-SXM"), gpus, 8, 1e9, 1.2, 0.06,
                GroundSite.DEFAULT_HOST_POWER_PER_NODE_W);
    }

    static Job job(int id, String tenant, int gpus, long submitMs, long durationMs) {
        return new Job(id, tenant, gpus, submitMs, durationMs, "test#" + id);
    }

    static SimulationResult run(int siteGpus, List<Job> jobs, SchedulerSpec spec, Tenancy tenancy,
                                CheckpointSpec ck, long horizon) {
        Simulation sim = new Simulation(List.of(site("g", siteGpus)), List.of(), List.of(), jobs,
                new Simulation.Config(horizon, H, spec, true, 1.0, tenancy, ck));
        return sim.run(ProgressListener.NONE);
    }

    static SchedulerSpec spec(String queue, String backfill, boolean preemption) {
        return new SchedulerSpec(queue, backfill, preemption, SchedulerSpec.DEFAULT_LAS_THRESHOLDS_GPU_HOURS,
                SchedulerSpec.DEFAULT_STARVATION_FACTOR);
    }

    /** Checkpoints every hour, written and read back in 10 minutes (600 GB at 1 GB/s). */
    static final CheckpointSpec HOURLY_10MIN = new CheckpointSpec(1.0, List.of(new CheckpointSpec.JobClass(1, H, 600)));

    static Tenancy labs(TenantSpec... t) {
        return new Tenancy(List.of(t), Map.of(), null);
    }

    // ------------------------------------------------------------------ tenants and quotas

    @Test
    void reservedCapacityIsLentWhileIdleAndReclaimedByPreemption() {
        // lab-a reserves 8 of 16 GPUs; lab-b borrows all 16 at t=0; lab-a asks for its 8 at 90 min
        Tenancy t = labs(new TenantSpec("lab-a", Map.of("g", 8L), Long.MAX_VALUE, 1, 0), TenantSpec.plain("lab-b"));
        List<Job> jobs = List.of(job(0, "lab-b", 8, 0, 10 * H), job(1, "lab-b", 8, 0, 10 * H),
                job(2, "lab-a", 8, 90 * MIN, H));
        SimulationResult r = run(16, jobs, spec("fifo", "easy", true), t, HOURLY_10MIN, 40 * H);
        // lab-b's most recently started job (1; ties go to the higher index) is preempted; its 1 h checkpoint is long durable, so lab-a starts at once
        assertThat(r.startMs(2)).isEqualTo(90 * MIN);
        assertThat(r.scheduling().preemptions()[1]).isEqualTo(1);
        assertThat(r.scheduling().preemptions()[0]).isZero();
        // job 1 lost 30 min of progress and owes a 10 min restore: 8 GPUs x 40 min
        assertThat(r.scheduling().lostGpuHours()[1]).isCloseTo(8 * 40 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        // it restarts when lab-a's job ends (2.5 h) and needs 10 min restore + 9 h of work
        assertThat(r.endMs(1)).isEqualTo(150 * MIN + 10 * MIN + 9 * H);
        assertThat(r.count(JobFate.COMPLETED)).isEqualTo(3);

        // without preemption lab-a waits for the borrowed GPUs to come back
        SimulationResult np = run(16, jobs, spec("fifo", "easy", false), t, HOURLY_10MIN, 40 * H);
        assertThat(np.startMs(2)).isEqualTo(10 * H);
        assertThat(np.scheduling().preemptionCount()).isZero();
    }

    @Test
    void borrowingLimitHoldsAQuotaBlockedJobWithoutBlockingOthers() {
        Tenancy t = labs(new TenantSpec("lab-b", Map.of(), 8, 1, 0), TenantSpec.plain("lab-a"));
        List<Job> jobs = List.of(job(0, "lab-b", 8, 0, 2 * H), job(1, "lab-b", 8, 1, H), job(2, "lab-a", 8, 2, H));
        for (String queue : SchedulerSpec.QUEUES) {
            SimulationResult r = run(32, jobs, spec(queue, "none", false), t, CheckpointSpec.DEFAULT, 10 * H);
            // job 1 fits but lab-b may only borrow 8 GPUs: it waits for job 0 ...
            assertThat(r.startMs(1)).as(queue).isEqualTo(2 * H);
            assertThat(r.waitReason(1)).as(queue).isEqualTo(WaitReason.QUOTA);
            // ... the quota is released the instant job 0 finishes, and lab-a's job behind it is not held up
            assertThat(r.startMs(2)).as(queue).isEqualTo(2);
            assertThat(r.waitReason(2)).as(queue).isEqualTo(WaitReason.NONE);
        }
    }

    @Test
    void quotaReleasedAtOnceWhenAJobFinishes() {
        Tenancy t = labs(new TenantSpec("lab-a", Map.of("g", 8L), 0, 1, 0));
        // lab-a may hold 8 GPUs at most (reservation 8, no borrowing); back-to-back jobs on a large site
        List<Job> jobs = List.of(job(0, "lab-a", 8, 0, H), job(1, "lab-a", 8, 0, H), job(2, "lab-a", 8, 0, H));
        SimulationResult r = run(64, jobs, spec("drf", "easy", false), t, CheckpointSpec.DEFAULT, 10 * H);
        assertThat(r.startMs(1)).isEqualTo(H);
        assertThat(r.startMs(2)).isEqualTo(2 * H);
    }

    @Test
    void unmappedTenantIsAnErrorNamingTheJobUnlessADefaultTenantIsSet() {
        List<Job> jobs = List.of(job(0, "vc7", 8, 0, H));
        Tenancy strict = labs(TenantSpec.plain("lab-a"));
        assertThatThrownBy(() -> run(16, jobs, SchedulerSpec.DEFAULT, strict, CheckpointSpec.DEFAULT, H))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test#0").hasMessageContaining("vc7");
        Tenancy mapped = new Tenancy(List.of(TenantSpec.plain("lab-a"), TenantSpec.plain("lab-b")),
                Map.of("vc7", "lab-b"), "lab-a");
        SimulationResult r = run(16, List.of(job(0, "vc7", 8, 0, H), job(1, "vc9", 8, 0, H)), SchedulerSpec.DEFAULT,
                mapped, CheckpointSpec.DEFAULT, 2 * H);
        assertThat(r.tenant(0)).isEqualTo("lab-b");
        assertThat(r.tenant(1)).isEqualTo("lab-a");
        assertThat(r.scheduling().tenantGpuHours()).containsExactly(8.0, 8.0);
    }

    @Test
    void reservationsLargerThanThePoolAreRejected() {
        Tenancy t = labs(new TenantSpec("a", Map.of("g", 16L), Long.MAX_VALUE, 1, 0),
                new TenantSpec("b", Map.of("g", 8L), Long.MAX_VALUE, 1, 0));
        assertThatThrownBy(() -> run(16, List.of(job(0, "a", 8, 0, H)), SchedulerSpec.DEFAULT, t, CheckpointSpec.DEFAULT, H))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserve 24 GPUs in g");
    }

    // ------------------------------------------------------------------ queue orders

    @Test
    void priorityClassesGoFirstAndPreemptLowerClasses() {
        Tenancy t = labs(new TenantSpec("batch", Map.of(), Long.MAX_VALUE, 1, 0),
                new TenantSpec("prod", Map.of(), Long.MAX_VALUE, 1, 10));
        List<Job> jobs = List.of(job(0, "batch", 16, 0, 5 * H), job(1, "batch", 16, 1, H), job(2, "prod", 16, 2, H));
        SimulationResult np = run(16, jobs, spec("priority", "none", false), t, HOURLY_10MIN, 20 * H);
        assertThat(np.startMs(2)).isEqualTo(5 * H);           // before job 1, which came earlier
        assertThat(np.startMs(1)).isEqualTo(6 * H);
        SimulationResult p = run(16, jobs, spec("priority", "none", true), t, HOURLY_10MIN, 20 * H);
        assertThat(p.startMs(2)).isEqualTo(2);                // preempts job 0 before its first checkpoint
        assertThat(p.scheduling().preemptions()[0]).isEqualTo(1);
        assertThat(p.endMs(0)).isGreaterThan(5 * H);
        // fifo never preempts for order
        SimulationResult f = run(16, jobs, spec("fifo", "none", true), t, HOURLY_10MIN, 20 * H);
        assertThat(f.scheduling().preemptionCount()).isZero();
        assertThat(f.startMs(2)).isEqualTo(6 * H);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fairshare", "drf"})
    void fairShareServesTheTenantWithTheSmallestShareFirst(String queue) {
        Tenancy t = labs(TenantSpec.plain("big"), TenantSpec.plain("small"));
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(job(i, "big", 8, 0, H));
        }
        jobs.add(job(6, "small", 8, 1, H));
        SimulationResult fifo = run(16, jobs, spec("fifo", "none", false), t, CheckpointSpec.DEFAULT, 10 * H);
        SimulationResult fair = run(16, jobs, spec(queue, "none", false), t, CheckpointSpec.DEFAULT, 10 * H);
        assertThat(fifo.startMs(6)).isEqualTo(3 * H);
        // at 1 h, 'big' holds 0 GPUs after its two jobs end, 'small' holds 0: tie -> earlier submission (big),
        // then 'small' has the smaller share
        assertThat(fair.startMs(6)).isEqualTo(H);
    }

    @Test
    void drfWeighsTheDominantPoolShare() {
        // pools of 16 and 64 GPUs. x holds 8 in the small pool (dominant share 0.5, 8 GPUs in all), y holds 24
        // in the large one (dominant share 0.375, 24 GPUs). When a filler ends, drf serves y first, weighted
        // fair share of GPUs serves x first.
        Tenancy t = labs(TenantSpec.plain("x"), TenantSpec.plain("y"), TenantSpec.plain("z"));
        List<Job> jobs = List.of(job(0, "x", 8, 0, 100 * H), job(1, "y", 24, 0, 100 * H), job(2, "z", 40, 0, H),
                job(3, "x", 40, 2, H), job(4, "y", 40, 2, H));
        for (String q : List.of("drf", "fairshare")) {
            Simulation sim = new Simulation(List.of(site("small", 16), site("large", 64)), List.of(), List.of(), jobs,
                    new Simulation.Config(400 * H, H, spec(q, "none", false), true, 1.0, t, CheckpointSpec.DEFAULT));
            SimulationResult r = sim.run(ProgressListener.NONE);
            int first = q.equals("drf") ? 4 : 3;
            assertThat(r.startMs(first)).as(q).isEqualTo(H);
            assertThat(r.startMs(7 - first)).as(q).isEqualTo(2 * H);
        }
    }

    @Test
    void tiresiasDemotesLongJobsAndLetsNewJobsPreemptThem() {
        // thresholds 1 and 10 GPU-hours; a 16-GPU job passes 1 GPU-hour after 3.75 min
        Tenancy t = Tenancy.implicit();
        List<Job> jobs = List.of(job(0, "a", 16, 0, 10 * H), job(1, "a", 16, H, H));
        SimulationResult las = run(16, jobs, spec("tiresias", "none", true), t, HOURLY_10MIN, 30 * H);
        assertThat(las.scheduling().preemptions()[0]).isEqualTo(1);
        // job 0's first checkpoint (1 h of progress) starts its write at the preemption instant: job 0 keeps its
        // GPUs 10 min until it is durable, then job 1 starts; job 0 loses no progress (10 min held + 10 min restore)
        assertThat(las.startMs(1)).isEqualTo(70 * MIN);
        assertThat(las.scheduling().lostGpuHours()[0]).isCloseTo(16 * 20 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(las.endMs(0)).isEqualTo(130 * MIN + 10 * MIN + 9 * H);
        assertThat(las.count(JobFate.COMPLETED)).isEqualTo(2);
        SimulationResult fifo = run(16, jobs, spec("fifo", "none", true), t, HOURLY_10MIN, 30 * H);
        assertThat(fifo.startMs(1)).isEqualTo(10 * H);
    }

    @Test
    void tiresiasStarvationGuardPromotesAWaitingDemotedJob() {
        // queues split at 10 and 100 GPU-hours. Job 0 (16 GPUs) passes 10 GPU-hours at 37.5 min; at 60 min ten
        // short jobs (16 GPUs x 20 min = 5.3 GPU-hours, never demoted) arrive and the first preempts it.
        // Without the guard job 0 waits for all ten (200 min). With factor 1 it is promoted (attained service
        // reset) after waiting as long as it ran (60 min), goes first among the level-0 jobs when the running
        // one ends, and runs until it passes 10 GPU-hours again.
        List<Job> jobs = new ArrayList<>();
        jobs.add(job(0, "a", 16, 0, 3 * H));
        for (int i = 1; i <= 10; i++) {
            jobs.add(job(i, "a", 16, H, 20 * MIN));
        }
        CheckpointSpec ck = new CheckpointSpec(100, List.of(new CheckpointSpec.JobClass(1, 10 * MIN, 0)));
        SchedulerSpec guard = new SchedulerSpec("tiresias", "none", true, List.of(10.0, 100.0), 1.0);
        SchedulerSpec lax = new SchedulerSpec("tiresias", "none", true, List.of(10.0, 100.0), 1000.0);
        SimulationResult g = run(16, jobs, guard, Tenancy.implicit(), ck, 40 * H);
        SimulationResult l = run(16, jobs, lax, Tenancy.implicit(), ck, 40 * H);
        assertThat(l.scheduling().preemptions()[0]).isEqualTo(1);
        assertThat(l.endMs(0)).isEqualTo(H + 200 * MIN + 2 * H);
        // promoted at 2 h as job 3 ends, it runs from 2 h for 37.5 min, then a short job preempts it again;
        // promoted once more 97.5 min later (its executed time), it runs once more before the stream ends
        assertThat(g.scheduling().preemptions()[0]).isEqualTo(3);
        assertThat(g.endMs(3)).isEqualTo(120 * MIN);
        assertThat(g.startMs(4)).isEqualTo(120 * MIN + 37 * MIN + 30_000);
        assertThat(g.count(JobFate.COMPLETED)).isEqualTo(11);
    }

    @Test
    void srtfRunsShortJobsFirstAndPreemptsLongerOnes() {
        List<Job> jobs = List.of(job(0, "a", 16, 0, 5 * H), job(1, "a", 16, 1, 3 * H), job(2, "a", 16, H, 30 * MIN));
        SimulationResult r = run(16, jobs, spec("srtf", "none", true), Tenancy.implicit(), HOURLY_10MIN, 30 * H);
        assertThat(r.startMs(0)).isZero();
        // job 1 (3 h) preempts job 0 (5 h - 1 ms left)? only if strictly shorter: yes
        assertThat(r.startMs(1)).isEqualTo(1);
        assertThat(r.startMs(2)).isEqualTo(H);           // 30 min < job 1's 2 h left
        assertThat(r.count(JobFate.COMPLETED)).isEqualTo(3);
        SimulationResult np = run(16, jobs, spec("srtf", "none", false), Tenancy.implicit(), HOURLY_10MIN, 30 * H);
        assertThat(np.startMs(2)).isEqualTo(5 * H);      // shortest waiting job goes first when job 0 ends
        assertThat(np.startMs(1)).isEqualTo(5 * H + 30 * MIN);
    }

    // ------------------------------------------------------------------ checkpoints

    @Test
    void aCheckpointBeingWrittenHoldsTheVictimsGpusUntilItIsDurable() {
        // victim runs from 0; its first checkpoint (1 h of progress) is written from 1 h to 1 h 10 min;
        // a higher-priority job arrives at 1 h 5 min: the victim keeps its GPUs until 1 h 10 min
        Tenancy t = labs(new TenantSpec("low", Map.of(), Long.MAX_VALUE, 1, 0),
                new TenantSpec("high", Map.of(), Long.MAX_VALUE, 1, 1));
        List<Job> jobs = List.of(job(0, "low", 16, 0, 4 * H), job(1, "high", 16, 65 * MIN, H));
        SimulationResult r = run(16, jobs, spec("priority", "easy", true), t, HOURLY_10MIN, 20 * H);
        assertThat(r.startMs(1)).isEqualTo(70 * MIN);
        // lost: 5 min of progress + 5 min held + 10 min restore, on 16 GPUs
        assertThat(r.scheduling().lostGpuHours()[0]).isCloseTo(16 * 20 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        // restarts at 2 h 10 min: 10 min restore + 3 h of work left
        assertThat(r.endMs(0)).isEqualTo(130 * MIN + 10 * MIN + 3 * H);
    }

    // ------------------------------------------------------------------ explanations

    @Test
    void explanationsNameWhyAJobWaits() {
        Tenancy t = labs(new TenantSpec("lab-b", Map.of(), 8, 1, 0), TenantSpec.plain("lab-a"));
        List<Job> jobs = List.of(job(0, "lab-b", 8, 0, 20 * H), job(1, "lab-b", 8, 0, H), job(2, "lab-a", 64, 0, H),
                job(3, "lab-a", 8, 0, H));
        SimulationResult r = run(16, jobs, spec("fifo", "none", false), t, CheckpointSpec.DEFAULT, 2 * H);
        assertThat(r.waitReason(1)).isEqualTo(WaitReason.QUOTA);
        assertThat(r.fate(2)).isEqualTo(JobFate.REJECTED);
        assertThat(r.explain(1)).contains("still queued").contains("borrowing limit");
        assertThat(r.explain(2)).contains("rejected").contains("needs 64 GPUs");
        assertThat(r.explain(3)).contains("completed in g").contains("waited 0.00 h");
        // 8 + 8 on 16 GPUs: a 16-GPU job waits for room
        SimulationResult full = run(16, List.of(job(0, "a", 8, 0, 20 * H), job(1, "a", 16, 0, H)),
                spec("fifo", "easy", false), Tenancy.implicit(), CheckpointSpec.DEFAULT, 2 * H);
        assertThat(full.waitReason(1)).isEqualTo(WaitReason.NO_GANG_FITS);
    }
}
