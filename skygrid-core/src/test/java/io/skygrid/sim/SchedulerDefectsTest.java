package io.skygrid.sim;

import io.skygrid.sched.CheckpointSpec;
import io.skygrid.sched.SchedulerSpec;
import io.skygrid.sched.Tenancy;
import io.skygrid.sched.TenantSpec;
import io.skygrid.workload.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.skygrid.sim.SchedulingPolicyTest.H;
import static io.skygrid.sim.SchedulingPolicyTest.HOURLY_10MIN;
import static io.skygrid.sim.SchedulingPolicyTest.job;
import static io.skygrid.sim.SchedulingPolicyTest.labs;
import static io.skygrid.sim.SchedulingPolicyTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defects found by cases taken from public bug reports of other schedulers (issue 12, part 8); each test
 * failed before its fix. Every run checks the scheduler invariants at every instant.
 */
class SchedulerDefectsTest {
    static SchedulerSpec withExemption(String queue, long exemptMs) {
        return new SchedulerSpec(queue, "easy", true, SchedulerSpec.DEFAULT_LAS_THRESHOLDS_GPU_HOURS,
                SchedulerSpec.DEFAULT_STARVATION_FACTOR, exemptMs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"priority", "srtf", "tiresias"})
    void aPreemptionHeldBackByTheExemptionHappensWhenTheExemptionEnds(String queue) {
        // 8 GPUs: a 10 h low-priority job at t=0, a 1 h high-priority job at t=60 s; the running job is exempt
        // from preemption for its first 600 s, and no event of its own falls at 600 s
        Tenancy t = labs(new TenantSpec("lo", Map.of(), Long.MAX_VALUE, 1, 0),
                new TenantSpec("hi", Map.of(), Long.MAX_VALUE, 1, 10));
        List<Job> jobs = List.of(job(0, "lo", 8, 0, 10 * H), job(1, "hi", 8, 60_000, H));
        SimulationResult r = run(8, jobs, withExemption(queue, 600_000), t, HOURLY_10MIN, 20 * H);
        assertThat(r.startMs(1)).as(queue).isEqualTo(600_000);
        assertThat(r.scheduling().preemptions()[0]).as(queue).isEqualTo(1);
    }

    @Test
    void everyWaitCountsAndAWaitAfterAPreemptionSaysPreempted() {
        // job 0 runs from 0, is preempted at 600 s (exemption end) by job 1 (1 h), restarts at 4,200 s
        Tenancy t = labs(new TenantSpec("lo", Map.of(), Long.MAX_VALUE, 1, 0),
                new TenantSpec("hi", Map.of(), Long.MAX_VALUE, 1, 10));
        List<Job> jobs = List.of(job(0, "lo", 8, 0, 10 * H), job(1, "hi", 8, 60_000, H));
        SimulationResult r = run(8, jobs, withExemption("priority", 600_000), t, HOURLY_10MIN, 20 * H);
        assertThat(r.startMs(0)).isZero();
        assertThat(r.scheduling().preemptions()[0]).isEqualTo(1);
        assertThat(r.waitedMs(0)).isEqualTo(4_200_000 - 600_000);
        assertThat(r.waitReason(0)).isEqualTo(io.skygrid.sched.WaitReason.PREEMPTED);
        assertThat(r.explain(0)).contains("waited 1.00 h in all (0.00 h before its first start)");
        assertThat(r.waitedMs(1)).isEqualTo(540_000);

        // still queued at the horizon after a preemption: the wait so far counts up to the horizon
        SimulationResult q = run(8, jobs, withExemption("priority", 600_000), t, HOURLY_10MIN, H);
        assertThat(q.fate(0)).isEqualTo(JobFate.QUEUED);
        assertThat(q.waitedMs(0)).isEqualTo(H - 600_000);
        assertThat(q.waitReason(0)).isEqualTo(io.skygrid.sched.WaitReason.PREEMPTED);
        assertThat(q.explain(0)).contains("it ran, then waited 0.83 h in all").contains("preempted");
    }

    @Test
    void aJobItsQuotaCanNeverAdmitIsRejectedWithTheReason() {
        // lab-c reserves nothing and may borrow at most 4 GPUs: an 8-GPU job can never be admitted
        Tenancy t = labs(new TenantSpec("lab-c", Map.of(), 4, 1, 0), TenantSpec.plain("lab-b"));
        List<Job> jobs = List.of(job(0, "lab-c", 8, 0, H), job(1, "lab-c", 4, 0, H), job(2, "lab-b", 8, 0, H));
        SimulationResult r = run(16, jobs, SchedulingPolicyTest.spec("fifo", "none", false), t, HOURLY_10MIN, 10 * H);
        assertThat(r.fate(0)).isEqualTo(JobFate.REJECTED);
        assertThat(r.reason(0)).contains("lab-c").contains("4");
        assertThat(r.fate(1)).isEqualTo(JobFate.COMPLETED);
        assertThat(r.fate(2)).isEqualTo(JobFate.COMPLETED);
    }

    @Test
    void aJobEndingExactlyAtTheHorizonIsCompleted() {
        List<Job> jobs = List.of(job(0, "a", 8, 0, H), job(1, "a", 8, 0, 2 * H));
        SimulationResult r = run(16, jobs, SchedulingPolicyTest.spec("fifo", "easy", false), Tenancy.implicit(),
                CheckpointSpec.DEFAULT, H);
        assertThat(r.fate(0)).isEqualTo(JobFate.COMPLETED);
        assertThat(r.endMs(0)).isEqualTo(H);
        assertThat(r.fate(1)).isEqualTo(JobFate.RUNNING);
    }
}
